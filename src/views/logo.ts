import logoUrl from '../../assets/logo.svg';
import { el } from './dom.ts';

/** The mark beside the title in every screen's header; decorative, the title names the app. */
export function logoMark(): HTMLImageElement {
  return el('img', { src: logoUrl, alt: '', class: 'logo-mark', width: '40', height: '40' });
}
