/**
 * The world: the maker's plant on the left, the partner on the right, trucks on the road between,
 * the trust bridge above it, and the events of the round. It reads a WorldSource from the game
 * registry, subscribes in create() and unsubscribes when the scene shuts down or the game is
 * destroyed. It holds no rules: the frame says what to draw, the pure modules say where, and the
 * scene only glides from the last round's pose to the new one and keeps things moving.
 */
import Phaser from 'phaser';
import { t } from '../../i18n.ts';
import { paintBackdrop } from '../paint/paint-backdrop.ts';
import { paintBridge, paintJointTeam } from '../paint/paint-bridge.ts';
import { paintCoupons, paintShoppers, paintSmoke } from '../paint/paint-movers.ts';
import { paintDealers, paintRetailer } from '../paint/paint-partner.ts';
import { paintPlant } from '../paint/paint-plant.ts';
import { BANNER, CHIP, bannerWidth, chipWidth, paintBanner, paintSideChip } from '../paint/paint-ui.ts';
import { MAX_TRUCKS, bannerText, roundLabel, type WorldFrame, type WorldSource } from '../world-frame.ts';
import { REGISTRY_KEYS, SCENE_KEYS, TEXTURE_KEYS, TEXTURE_SCALE } from '../world-keys.ts';
import { BRIDGE, STAGE, cameraFit, truckOffsets, truckPlace } from '../world-layout.ts';
import { PALETTE } from '../world-palette.ts';
import { blendPose, poseOf, presence, type WorldPose } from '../world-pose.ts';

/** How long the world takes to glide from one round to the next. */
const BLEND_MS = 1600;
/** One truck's round trip, out and back. */
const TRUCK_LOOP_MS = 16000;
const MAX_BANNERS = 3;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export class WorldScene extends Phaser.Scene {
  private frame!: WorldFrame;
  private shown!: WorldPose;
  private dirty = true;
  private clockMs = 0;
  private reducedMotion = false;
  private blend: Phaser.Tweens.Tween | null = null;
  private bannerAlpha = 1;

  private backdrop!: Phaser.GameObjects.Graphics;
  private buildings!: Phaser.GameObjects.Graphics;
  private movers!: Phaser.GameObjects.Graphics;
  private ui!: Phaser.GameObjects.Graphics;
  private trucks: Phaser.GameObjects.Image[] = [];
  private leftName!: Phaser.GameObjects.Text;
  private rightName!: Phaser.GameObjects.Text;
  private roundText!: Phaser.GameObjects.Text;
  private trustText!: Phaser.GameObjects.Text;
  private bannerTexts: Phaser.GameObjects.Text[] = [];

  constructor() {
    super(SCENE_KEYS.world);
  }

  create(): void {
    const source = this.registry.get(REGISTRY_KEYS.source) as WorldSource;
    this.reducedMotion = this.registry.get(REGISTRY_KEYS.reducedMotion) === true;
    this.frame = source.get();
    this.shown = poseOf(this.frame);
    this.clockMs = 0;
    this.dirty = true;

    this.backdrop = this.add.graphics().setDepth(0);
    this.buildings = this.add.graphics().setDepth(10);
    this.movers = this.add.graphics().setDepth(20);
    this.trucks = Array.from({ length: MAX_TRUCKS }, () =>
      this.add
        .image(0, 0, TEXTURE_KEYS.truck)
        .setOrigin(0.5, 1)
        .setScale(1 / TEXTURE_SCALE)
        .setAlpha(0),
    );
    this.ui = this.add.graphics().setDepth(100);
    const label = (size: number, color: string = PALETTE.text): Phaser.GameObjects.Text =>
      this.add.text(0, 0, '', { fontFamily: FONT, fontSize: `${size}px`, color }).setDepth(101);
    this.leftName = label(13);
    this.rightName = label(13);
    this.roundText = label(12, PALETTE.textMuted).setOrigin(0.5, 0);
    this.trustText = label(13, PALETTE.textMuted).setOrigin(0.5, 0);
    this.bannerTexts = Array.from({ length: MAX_BANNERS }, () => label(12.5).setOrigin(0, 0.5));

    this.showTexts(this.frame);
    this.fit();

    const unsubscribe = source.subscribe((frame) => this.show(frame));
    this.scale.on(Phaser.Scale.Events.RESIZE, this.fit, this);
    let cleaned = false;
    const cleanup = (): void => {
      if (cleaned) return;
      cleaned = true;
      unsubscribe();
      this.scale.off(Phaser.Scale.Events.RESIZE, this.fit, this);
      this.blend = null;
    };
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, cleanup);
    this.events.once(Phaser.Scenes.Events.DESTROY, cleanup);
  }

  /** A new frame: glide from what is on screen now to the new pose. */
  private show(frame: WorldFrame): void {
    const bannersChanged = frame.banners.map((b) => `${b.id}:${b.stage}`).join() !== this.frame.banners.map((b) => `${b.id}:${b.stage}`).join();
    const kindChanged = frame.kind !== this.frame.kind;
    this.frame = frame;
    this.showTexts(frame);
    const from = this.shown;
    const to = poseOf(frame);
    this.blend?.stop();
    this.blend = null;
    if (this.reducedMotion || kindChanged) {
      this.shown = to;
      this.dirty = true;
      return;
    }
    if (bannersChanged) this.bannerAlpha = 0;
    this.blend = this.tweens.addCounter({
      from: 0,
      to: 1,
      duration: BLEND_MS,
      ease: 'Sine.easeInOut',
      onUpdate: (tween) => {
        const progress = tween.getValue() ?? 1;
        this.shown = blendPose(from, to, progress);
        this.bannerAlpha = bannersChanged ? Math.max(this.bannerAlpha, Math.min(1, progress * 2)) : 1;
        this.dirty = true;
      },
      onComplete: () => {
        this.shown = to;
        this.bannerAlpha = 1;
        this.dirty = true;
      },
    });
  }

  private showTexts(frame: WorldFrame): void {
    this.leftName.setText(frame.left.name);
    this.rightName.setText(frame.right.name);
    this.roundText.setText(
      frame.round > 0 ? roundLabel(frame) : t('world.beforeStart'),
    );
    this.trustText
      .setText(frame.allianceEnded ? t('world.allianceEnded') : t('world.trust'))
      .setColor(frame.allianceEnded ? '#9a3a00' : PALETTE.textMuted);
    this.bannerTexts.forEach((text, i) => text.setText(frame.banners[i] ? bannerText(frame.banners[i]) : ''));
    this.dirty = true;
  }

  /** Zoom the camera so that the 800×360 stage fits the container, and keep text sharp. */
  private fit(): void {
    const { width, height } = this.scale.gameSize;
    const camera = this.cameras.main;
    camera.setSize(width, height);
    const fit = cameraFit(width, height);
    camera.setZoom(fit.zoom);
    camera.centerOn(fit.centerX, fit.centerY);
    const resolution = Math.min(4, Math.max(1, fit.zoom * (window.devicePixelRatio || 1)));
    for (const text of [this.leftName, this.rightName, this.roundText, this.trustText, ...this.bannerTexts]) {
      text.setResolution(resolution);
    }
    this.dirty = true;
  }

  override update(_time: number, delta: number): void {
    if (!this.reducedMotion) this.clockMs += delta;
    if (this.dirty) {
      this.dirty = false;
      this.paintStill();
    }
    this.paintMoving();
  }

  /** Everything that changes only between rounds (and while gliding). */
  private paintStill(): void {
    const pose = this.shown;
    const kind = this.frame.kind;
    this.backdrop.clear();
    paintBackdrop(this.backdrop, pose);

    const g = this.buildings;
    g.clear();
    paintBridge(g, pose);
    if (kind === 'retail') paintJointTeam(g, pose);
    paintPlant(g, pose, kind);
    if (kind === 'dealer') paintDealers(g, pose);
    else paintRetailer(g, pose);

    this.paintLabels(pose);
  }

  private paintLabels(pose: WorldPose): void {
    const g = this.ui;
    g.clear();
    const known = this.frame.hasData;
    const top = 8;
    this.leftName.setPosition(10 + CHIP.padding + CHIP.icon + CHIP.gap, top + (CHIP.height - this.leftName.height) / 2);
    paintSideChip(g, 10, top, this.leftName.width, known ? pose.leftMood : null);
    const rightX = STAGE.width - 10 - chipWidth(this.rightName.width);
    this.rightName.setPosition(rightX + CHIP.padding + CHIP.icon + CHIP.gap, top + (CHIP.height - this.rightName.height) / 2);
    paintSideChip(g, rightX, top, this.rightName.width, known ? pose.rightMood : null);

    this.roundText.setPosition(STAGE.width / 2, top + 4);
    this.trustText.setPosition((BRIDGE.left + BRIDGE.right) / 2, BRIDGE.apexY + 18);

    this.bannerTexts.forEach((text, i) => {
      const banner = this.frame.banners[i];
      text.setVisible(banner !== undefined).setAlpha(this.bannerAlpha);
      if (banner === undefined) return;
      const y = BANNER.top + i * BANNER.step;
      const width = bannerWidth(text.width);
      paintBanner(g, STAGE.width / 2, y, text.width, banner.kind, this.bannerAlpha);
      text.setPosition(STAGE.width / 2 - width / 2 + BANNER.padding + BANNER.icon + BANNER.gap, y + BANNER.height / 2);
    });
  }

  /** Trucks, shoppers, smoke and coupons, every frame. */
  private paintMoving(): void {
    const pose = this.shown;
    const kind = this.frame.kind;
    const g = this.movers;
    g.clear();
    paintSmoke(g, pose, kind, this.clockMs);
    paintShoppers(g, pose, kind, this.clockMs);
    if (kind === 'retail') paintCoupons(g, pose, this.clockMs);

    const offsets = truckOffsets(MAX_TRUCKS, pose.trucks, pose.bunching);
    const lap = this.clockMs / TRUCK_LOOP_MS;
    this.trucks.forEach((truck, i) => {
      const place = truckPlace(lap + 0.13 - (offsets[i] ?? 0));
      truck
        .setPosition(place.x, place.y)
        .setFlipX(place.facing < 0)
        .setDepth(30 + place.y / 100)
        .setAlpha(place.alpha * presence(pose.trucks, i));
    });
  }
}
