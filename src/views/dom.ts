/** A tiny element builder: text goes in as text nodes, never as HTML. */

type Child = Node | string | null | undefined | false;

/** Create `<tag>` with attributes (`class`, `id`, `aria-*`, `role`, …) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>> = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}
