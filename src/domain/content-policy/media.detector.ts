/**
 * media: pictures and other media. SendSms carries no media, so any attachment is refused (one
 * violation per attachment, zero-width at position 0 because it is not part of the text), and so is
 * a link to a picture, video or audio file, or an inline "data:image/..." picture, wherever it is hosted.
 */
import type { ContentViolation, DetectorInput } from './content-policy.types';
import type { FoundLink } from './link-scan.util';
import { quote } from './text-scan.util';

const MEDIA_EXTENSION = /\.(?:jpe?g|png|gif|heic|heif|webp|bmp|tiff?|svg|mp4|mov|m4v|avi|webm|3gp|mp3|m4a|wav|aac)$/i;

export function detectMedia(input: DetectorInput, mediaUrls: readonly string[] = []): ContentViolation[] {
  const out: ContentViolation[] = mediaUrls.map((url, i) => ({
    category: 'media' as const,
    start: 0,
    end: 0,
    message: `Picture: attachment ${i + 1}${url ? ` (${quote(url, 0, url.length, 60)})` : ''} can't be sent. Texts to students carry no pictures or other media.`,
  }));
  for (const link of input.links) {
    if (!isMediaLink(link)) continue;
    out.push({
      category: 'media',
      start: link.start,
      end: link.end,
      message: `Picture: ${quote(input.text, link.start, link.end, 60)} links to a picture or other media. Don't text pictures.`,
    });
  }
  return out;
}

export function isMediaLink(link: FoundLink): boolean {
  if (link.scheme === 'data') return /^data:(?:image|video|audio)\//i.test(link.path);
  const path = link.path.split(/[?#]/, 1)[0] ?? '';
  return MEDIA_EXTENSION.test(path);
}
