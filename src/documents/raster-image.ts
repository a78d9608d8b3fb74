/**
 * Greyscale page images for reading scans: a page rendered by pdftoppm (-gray) or an image decoded by ImageMagick
 * arrives as binary PGM (P5, 8 bits a pixel), is cropped and turned here, and is handed to Tesseract as PGM again.
 * Pure code over a byte array, so that every step is bounded by the pixel count and needs no image library.
 */

/** A greyscale image: row-major, one byte a pixel, 0 = black, 255 = white. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A box of pixels: its top-left corner and size. */
export interface PixelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Pixels an image may have: an A4 page at 600 dpi has 35 million. A larger image is refused before its pixels are
 * read, so that a hostile header cannot make every later step (rotation, rules, OCR) work on billions of pixels.
 */
export const MAX_IMAGE_PIXELS = 64_000_000;

/** White, the fill of whatever a rotation or crop brings in from outside the image. */
const WHITE = 255;

/** Reads a binary PGM (P5) of 8 bits a pixel (maxval 255); anything else is refused with the reason. */
export function readPgm(bytes: Buffer): GreyImage {
  if (bytes.length < 2 || bytes[0] !== 0x50 /* P */) throw new Error("not a PGM image: it does not start with P5");
  if (bytes[1] !== 0x35 /* 5 */) throw new Error(`unsupported PGM: P${String.fromCharCode(bytes[1])} (only binary P5 is read)`);
  if (!isWhitespace(bytes[2])) throw new Error("PGM header: bad magic number");
  const header = { offset: 2 };
  const width = headerNumber(bytes, header, "width");
  const height = headerNumber(bytes, header, "height");
  const maxValue = headerNumber(bytes, header, "maxval");
  if (maxValue !== 255) throw new Error(`unsupported PGM: maxval ${maxValue} (only 8-bit images, maxval 255, are read)`);
  if (width < 1 || height < 1) throw new Error(`PGM has no pixels: ${width}×${height}`);
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new Error(`PGM too large: ${width}×${height} pixels is over the limit of ${MAX_IMAGE_PIXELS}`);
  }
  // Exactly one whitespace byte separates the header from the pixels.
  const start = header.offset + 1;
  const end = start + width * height;
  if (bytes.length < end) throw new Error(`PGM truncated: ${width}×${height} needs ${width * height} pixel bytes, has ${Math.max(0, bytes.length - start)}`);
  return { width, height, data: new Uint8Array(bytes.subarray(start, end)) };
}

/** The next decimal number of a PGM header, past whitespace and # comments; leaves `offset` on the byte after it. */
function headerNumber(bytes: Buffer, header: { offset: number }, name: string): number {
  let at = header.offset;
  for (;;) {
    while (at < bytes.length && isWhitespace(bytes[at])) at++;
    if (bytes[at] !== 0x23 /* # */) break;
    while (at < bytes.length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
  }
  let value = 0;
  let digits = 0;
  while (at < bytes.length && bytes[at] >= 0x30 && bytes[at] <= 0x39 && digits < 9) {
    value = value * 10 + bytes[at] - 0x30;
    at++;
    digits++;
  }
  if (digits === 0 || (at < bytes.length && !isWhitespace(bytes[at]))) throw new Error(`PGM header: bad ${name}`);
  header.offset = at;
  return value;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0x0c;
}

/** The image as a binary PGM (P5, maxval 255). */
export function writePgm(image: GreyImage): Buffer {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, "latin1");
  return Buffer.concat([header, Buffer.from(image.data.buffer, image.data.byteOffset, image.width * image.height)]);
}

/** A white image of the given size. */
export function blankImage(width: number, height: number): GreyImage {
  return { width, height, data: new Uint8Array(width * height).fill(WHITE) };
}

/**
 * The pixels of `box` (rounded outward to whole pixels and clipped to the image; at least one pixel, so that a box
 * wholly outside gives a 1×1 white image rather than an error).
 */
export function cropImage(image: GreyImage, box: PixelBox): GreyImage {
  const left = clamp(Math.floor(box.x), 0, image.width);
  const top = clamp(Math.floor(box.y), 0, image.height);
  const right = clamp(Math.ceil(box.x + box.width), left, image.width);
  const bottom = clamp(Math.ceil(box.y + box.height), top, image.height);
  if (right <= left || bottom <= top) return blankImage(1, 1);
  const width = right - left;
  const data = new Uint8Array(width * (bottom - top));
  for (let y = top; y < bottom; y++) data.set(image.data.subarray(y * image.width + left, y * image.width + right), (y - top) * width);
  return { width, height: bottom - top, data };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/**
 * The image turned clockwise (as seen, y pointing down) by `degrees`. A multiple of 90 is turned exactly, pixel for
 * pixel (90 and 270 swap width and height). Any other angle is split into the nearest multiple of 90, turned
 * exactly, and a rest within ±45° turned about the centre by bilinear interpolation in an image of the same size,
 * white where the turned image does not reach, so that deskewing a page keeps its size and coordinates.
 */
export function rotateImage(image: GreyImage, degrees: number): GreyImage {
  if (!Number.isFinite(degrees)) throw new Error(`cannot rotate by ${degrees} degrees`);
  const quarterTurns = Math.round(degrees / 90);
  const rest = degrees - quarterTurns * 90;
  const turned = rotateQuarterTurns(image, ((quarterTurns % 4) + 4) % 4);
  return Math.abs(rest) < 1e-9 ? turned : rotateSmall(turned, rest);
}

/** The image turned clockwise by `turns` quarter turns (0–3), exactly. */
function rotateQuarterTurns(image: GreyImage, turns: number): GreyImage {
  const { width, height, data } = image;
  if (turns === 0) return { width, height, data: data.slice() };
  const out = new Uint8Array(width * height);
  if (turns === 2) {
    for (let i = 0, n = width * height; i < n; i++) out[n - 1 - i] = data[i];
    return { width, height, data: out };
  }
  // A clockwise quarter turn takes (x, y) to (height - 1 - y, x); a counter-clockwise one to (y, width - 1 - x).
  const outWidth = height;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const target = turns === 1 ? x * outWidth + (height - 1 - y) : (width - 1 - x) * outWidth + y;
      out[target] = data[row + x];
    }
  }
  return { width: height, height: width, data: out };
}

/** The image turned clockwise by a small angle about its centre, same size, bilinear, white outside. */
function rotateSmall(image: GreyImage, degrees: number): GreyImage {
  const { width, height, data } = image;
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const dy = y - centreY;
    // Each output pixel takes the source point that the clockwise turn brings to it (the inverse, counter-clockwise).
    const startX = centreX - centreX * cos + dy * sin;
    const startY = centreY + centreX * sin + dy * cos;
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = sample(data, width, height, startX + x * cos, startY - x * sin);
  }
  return { width, height, data: out };
}

/** The bilinear value at a point of the image; white beyond its edge. */
function sample(data: Uint8Array, width: number, height: number, x: number, y: number): number {
  if (x >= 0 && y >= 0 && x < width - 1 && y < height - 1) {
    // Truncation is the floor here, and much cheaper.
    const left = x | 0;
    const top = y | 0;
    const fx = x - left;
    const fy = y - top;
    const at = top * width + left;
    const upper = data[at] + (data[at + 1] - data[at]) * fx;
    const lower = data[at + width] + (data[at + width + 1] - data[at + width]) * fx;
    return (upper + (lower - upper) * fy + 0.5) | 0;
  }
  const left = Math.floor(x);
  const top = Math.floor(y);
  const fx = x - left;
  const fy = y - top;
  if (left < -1 || top < -1 || left >= width || top >= height) return WHITE;
  const upper = pixelOrWhite(data, width, height, left, top) * (1 - fx) + pixelOrWhite(data, width, height, left + 1, top) * fx;
  const lower = pixelOrWhite(data, width, height, left, top + 1) * (1 - fx) + pixelOrWhite(data, width, height, left + 1, top + 1) * fx;
  return (upper * (1 - fy) + lower * fy + 0.5) | 0;
}

function pixelOrWhite(data: Uint8Array, width: number, height: number, x: number, y: number): number {
  return x < 0 || y < 0 || x >= width || y >= height ? WHITE : data[y * width + x];
}

/**
 * The grey level that best splits the image into ink and paper (Otsu's method: the level maximising the variance
 * between the two classes of the histogram). Pixels at or below it are ink.
 */
export function otsuThreshold(image: GreyImage): number {
  const histogram = new Float64Array(256);
  for (let i = 0, n = image.data.length; i < n; i++) histogram[image.data[i]]++;
  const total = image.data.length;
  let sumAll = 0;
  for (let level = 0; level < 256; level++) sumAll += level * histogram[level];
  let weightBelow = 0;
  let sumBelow = 0;
  let best = 127;
  let bestVariance = -1;
  for (let level = 0; level < 255; level++) {
    weightBelow += histogram[level];
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += level * histogram[level];
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = level;
    }
  }
  return best;
}

/** One byte a pixel: 1 for ink (grey level at or below `threshold`), 0 for paper. */
export function binarise(image: GreyImage, threshold: number): Uint8Array {
  const ink = new Uint8Array(image.data.length);
  for (let i = 0, n = image.data.length; i < n; i++) ink[i] = image.data[i] <= threshold ? 1 : 0;
  return ink;
}
