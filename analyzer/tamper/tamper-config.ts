/**
 * Thresholds and durations of the tamper monitor. Durations are seconds of wall clock; grey levels
 * are 0–255 luma of the analysis picture (`analysisWidth` columns, area-averaged, so sensor noise is
 * already averaged over ~6×6 source pixels for a 768-wide stream).
 */
export type TamperConfig = {
  /** Columns of the grey picture everything is measured on (128: ~1 ms a frame, enough for blur at 20 % of the picture). */
  analysisWidth: number;
  /**
   * A condition must hold this long, on every frame, before it is raised; its flag then starts at
   * the first frame of the run (the onset), so the evidence clip's pre-roll shows the moment.
   * Covered 5 s: a passer-by or a hand close to the lens darkens it for a second or two, a cap or
   * cloth stays. Moved 10 s: a turned camera keeps its new view; a lorry or a person right in front
   * of the lens rarely fills the view that long.
   */
  coveredS: number;
  blurredS: number;
  movedS: number;
  /**
   * Frozen. A live camera's picture carries sensor noise, but H.264 hides it between key frames
   * (measured, a static scene with light noise, 4 s GOP, every frame decoded: consecutive pictures
   * 97–99 % identical bytes, mean difference 0.01–0.02 grey levels); every key frame is coded from
   * the sensor again and brings fresh noise (only 12–28 % of the bytes equal the previous picture).
   * A frozen picture — an encoder fed the same buffer, a still put in front of the feed — is repeated
   * through key frames too (≥ 99.7 % identical bytes; one re-quantised key frame in ~30 s: 45–51 %,
   * mean 0.22, still within the frozen thresholds). So a still run that a key frame repeated exactly
   * (`frozenExactShare` of the bytes) is proved frozen after `frozenS`; a still run with no such key
   * frame (a long GOP, or frames whose kind is unknown and that are not exact repeats) only after
   * `frozenUnprovedS`. A still picture with fewer than `liveShare` of its bytes equal to the previous
   * one has the sensor's fresh noise: it is live, and the still run starts again.
   */
  frozenS: number;
  frozenUnprovedS: number;
  frozenExactShare: number;
  liveShare: number;
  /** …and be absent this long, on every frame, before it clears (hysteresis). */
  clearS: number;
  /** Good frames over this long (and at least `learnMinFrames`) become the reference scene. */
  learnS: number;
  learnMinFrames: number;
  /** Frames further apart than this restart every pending timer (a gap is not evidence). */
  maxGapS: number;
  /**
   * Covered / dark: mean below `darkMean` AND standard deviation below `darkStd` (a lens cap, a
   * hand, a black picture: mean < 15, std < 3). A dim but textured scene (night with a street lamp:
   * mean 20–40, std 10–30) is not covered. Also covered: std below `uniformStd` at any brightness (a
   * sheet of paper or a hand lit by the camera's own infrared, a saturated sensor); no real scene,
   * fog included, is that flat at 128 columns.
   */
  darkMean: number;
  darkStd: number;
  uniformStd: number;
  /**
   * Blurred: sharpness below `blurRatio` × the reference's. Sharpness (tamper-metrics) is
   * contrast-free, so dusk or night does not look blurred. vtest.avi: people walking move it ±15 %;
   * a box blur of 2 pixels at 768 columns leaves 0.55 of it (not raised), 3 pixels 0.35 (not
   * raised), 5 pixels 0.14, a smeared or fogged lens far less. 0.3 rather than higher because night
   * noise reduction also smooths fine detail. Without a reference, frames below `minSharpness`
   * (crisp real scenes: 0.7–3.6; a 5-pixel blur: 0.04–0.25) are not learned from.
   */
  blurRatio: number;
  minSharpness: number;
  /**
   * Frozen: every frame differs from the first still one by less than `frozenMeanDiff` grey levels on
   * average AND by less than `frozenBlockDiff` in every 8×8 block. Strict on purpose: H.264 of a
   * static scene can repeat macroblocks (skip blocks) for a while, but a live camera's noise,
   * a person, a flickering light or the on-screen clock (a digit change moves its block by several
   * levels) breaks this within seconds, and a keyframe re-codes the whole picture. Measured against
   * the first still frame, not the previous one, so a slow drift (dusk) is not mistaken for a freeze.
   */
  frozenMeanDiff: number;
  frozenBlockDiff: number;
  /**
   * Moved: scene similarity (tamper-metrics `sceneSimilarity`) below this. vtest.avi with crowds:
   * ≥ 0.94; a global lighting change: ≥ 0.92; a 10 % pan: ≈ 0.8 (tolerated); a 25 % pan or another
   * scene: ≤ 0.4.
   */
  movedSimilarity: number;
};

export const DEFAULT_TAMPER_CONFIG: TamperConfig = {
  analysisWidth: 128,
  coveredS: 5,
  blurredS: 20,
  frozenS: 8,
  frozenUnprovedS: 30,
  frozenExactShare: 0.9,
  liveShare: 0.35,
  movedS: 10,
  clearS: 5,
  learnS: 10,
  learnMinFrames: 5,
  maxGapS: 5,
  darkMean: 40,
  darkStd: 6,
  uniformStd: 2.5,
  blurRatio: 0.3,
  minSharpness: 0.1,
  frozenMeanDiff: 0.3,
  frozenBlockDiff: 1,
  movedSimilarity: 0.5,
};
