import { el } from '../dom.ts';

/**
 * An in-page question in a modal `<dialog>`: the rest of the page is inert while it is open,
 * Tab and Shift+Tab go round its buttons only, Escape (or the cancel button) answers no, and
 * focus goes back to where it was. Used instead of the browser's confirm(), which says nothing
 * of the game's own words and cannot be styled, tested or read well by screen readers.
 */
export interface ConfirmRequest {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  /** A short list under the paragraphs (what changes, which terms), if any. */
  readonly items?: readonly string[];
  readonly confirmLabel: string;
  readonly cancelLabel: string;
  /** A class on the dialog: `warning` for a move the player may regret. */
  readonly tone?: 'warning' | 'neutral';
}

let opened = 0;

/** Ask, and resolve with true when the player confirms; the dialog is gone when it resolves. */
export function confirmInPage(request: ConfirmRequest, host: HTMLElement = document.body): Promise<boolean> {
  const id = `confirm-${++opened}`;
  const confirm = el('button', { type: 'button', class: 'primary', value: 'confirm' }, [request.confirmLabel]);
  const cancel = el('button', { type: 'button', value: 'cancel' }, [request.cancelLabel]);
  const dialog = el('dialog', { class: `confirm-dialog ${request.tone ?? 'neutral'}`, 'aria-labelledby': `${id}-heading`, 'aria-describedby': `${id}-body` }, [
    el('h2', { id: `${id}-heading` }, [request.heading]),
    el('div', { id: `${id}-body` }, [
      ...request.paragraphs.map((text) => el('p', {}, [text])),
      request.items && request.items.length > 0 ? el('ul', {}, request.items.map((item) => el('li', {}, [item]))) : null,
    ]),
    el('div', { class: 'button-row' }, [confirm, cancel]),
  ]);
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  host.append(dialog);
  return new Promise((resolve) => {
    let answer = false;
    const close = (confirmed: boolean): void => {
      answer = confirmed;
      dialog.close();
    };
    confirm.addEventListener('click', () => close(true));
    cancel.addEventListener('click', () => close(false));
    // Escape fires `cancel`, then the dialog closes by itself: that is a no.
    dialog.addEventListener('cancel', () => void (answer = false));
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab') return;
      // The page behind is inert, but Tab would still leave for the browser's own controls.
      const focusable = [confirm, cancel];
      const index = focusable.indexOf(document.activeElement as HTMLButtonElement);
      event.preventDefault();
      const next = index < 0 ? 0 : (index + (event.shiftKey ? focusable.length - 1 : 1)) % focusable.length;
      focusable[next]!.focus();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (returnFocus?.isConnected) returnFocus.focus();
      resolve(answer);
    });
    dialog.showModal();
    // The safe answer has the focus: Enter on a dialog that opened by surprise changes nothing.
    cancel.focus();
  });
}
