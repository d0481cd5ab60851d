/** What every detector returns for one frame: boxes in the frame's pixel coordinates. */
export type Detection = { label: string; score: number; box: [number, number, number, number] };

/** A frame by reference: RGB24 pixels of a known size (payloads never carry pixels between processes). */
export type Frame = {
  width: number;
  height: number;
  rgb: Uint8Array;
  /** Decoded from a key frame (an intra picture, coded from the camera's picture alone); undefined when the source cannot tell. */
  key?: boolean;
};

export interface Detector {
  readonly model: { name: string; version: string; sha256: string };
  load(): Promise<void>;
  detect(frame: Frame, minScore?: number): Promise<Detection[]>;
  close(): Promise<void>;
}
