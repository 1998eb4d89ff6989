/** Boot: the first scene. Sets the calm background colour and hands over to the preloader. */
import Phaser from 'phaser';
import { SCENE_KEYS } from '../world-keys.ts';
import { PALETTE } from '../world-palette.ts';

export class BootScene extends Phaser.Scene {
  constructor() {
    super(SCENE_KEYS.boot);
  }

  create(): void {
    this.cameras.main.setBackgroundColor(PALETTE.skyBottom);
    this.scene.start(SCENE_KEYS.preload);
  }
}
