/**
 * link: any URL, www address or bare domain whose host is not one of the district's allowed hosts
 * (an allowed host matches itself and its subdomains, case-insensitively: "tutoring.school.org" is
 * allowed when "school.org" is listed). Shorteners hide where they lead, so they are blocked unless
 * the district lists them. Links on allowed hosts are still read by the other detectors
 * (a username or a name in the path is caught there).
 */
import type { ContentViolation, DetectorInput } from './content-policy.types';
import { type FoundLink, SHORTENER_HOSTS } from './link-scan.util';
import { BoundedMemo, keyOf } from './memo.util';
import { quote } from './text-scan.util';
import { isMediaLink } from './media.detector';

export function detectLink(input: DetectorInput): ContentViolation[] {
  const hosts = input.context.allowedLinkHosts;
  const allowed = allowedHostsMemo.get(keyOf(...hosts), () => normalizeHosts(hosts));
  const out: ContentViolation[] = [];
  for (const link of input.links) {
    if (link.scheme === 'data' && isMediaLink(link)) continue; // an inline picture: reported as media
    if (link.host && isAllowedHost(link.host, allowed)) continue;
    out.push({ category: 'link', start: link.start, end: link.end, message: message(input.text, link, allowed) });
  }
  return out;
}

function message(text: string, link: FoundLink, allowed: readonly string[]): string {
  const sites = allowed.length ? ` (${allowed.slice(0, 3).join(', ')})` : '';
  const shown = quote(text, link.start, link.end, 60);
  if (SHORTENER_HOSTS.has(link.host)) {
    return `Link: ${shown} is a shortened link that hides where it leads. Only link to the district's own sites${sites}.`;
  }
  return `Link: ${shown} is not on the district's list of allowed sites${sites}. Don't text links that could lead to a student's information.`;
}

/** A district's allowed hosts, normalised once per distinct list (see BoundedMemo). */
const allowedHostsMemo = new BoundedMemo<readonly string[]>(1000);

/** "https://School.org/" or "*.school.org" become "school.org"; entries without a dot (a bare TLD) are ignored. */
export function normalizeHosts(hosts: readonly string[]): string[] {
  return hosts
    .map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
        .split(/[/?#:]/, 1)[0]!
        .replace(/^[*.]+/, '')
        .replace(/\.+$/, ''),
    )
    .filter((h) => h.includes('.'));
}

export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.+$/, '');
  return allowed.some((a) => h === a || h.endsWith(`.${a}`));
}
