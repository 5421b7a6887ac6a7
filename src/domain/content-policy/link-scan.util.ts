/**
 * Finds links in a text: "scheme://..." URLs, "www." addresses and bare domains ("khanacademy.org",
 * "bit.ly/3xY"), with their host. Email addresses are not links (their domain belongs to the mailbox).
 * The text is cut into whitespace-separated chunks by one linear regex and each chunk is parsed by
 * code, so no pattern can backtrack on long runs of dots, slashes or letters.
 */
import { allMatches } from './text-scan.util';

export interface FoundLink {
  start: number;
  end: number;
  /** Lowercased host without port or userinfo; "" when the link has none (e.g. "data:"). */
  host: string;
  /** The part after the host (path, query), for media checks. */
  path: string;
  scheme: string | null;
}

/** Top-level domains accepted for bare domains; words like "it", "is", "to", "in" are left out on purpose. */
const BARE_TLDS = new Set(
  'com org net edu gov mil us io ly co gl gle gd gy info biz app dev link tv ai cc ws xyz site online page me gg uk ca au nz ie de fr es mx ru cn jp br ms school academy tk ml ga cf'.split(
    ' ',
  ),
);
/** Link shorteners: always blocked unless the district lists them; listed here so their odd TLDs count. */
export const SHORTENER_HOSTS = new Set(
  'bit.ly tinyurl.com t.co goo.gl ow.ly is.gd buff.ly rebrand.ly cutt.ly shorturl.at rb.gy tiny.cc t.ly v.gd s.id lnkd.in youtu.be forms.gle shorturl.com bl.ink short.io tiny.one qrco.de'.split(
    ' ',
  ),
);
const CHUNK = /[^\s<>"“”]+/g;
const HOST_CHARS = /^[\p{L}\p{N}.-]+/u;

export function findLinks(text: string): FoundLink[] {
  const out: FoundLink[] = [];
  for (const m of allMatches(CHUNK, text)) {
    // Every link has a "." in its host or a ":" after its scheme ("https:", "data:"); most words have neither.
    if (!m[0].includes('.') && !m[0].includes(':')) continue;
    const link = parseChunk(m[0], m.index);
    if (link) out.push(link);
  }
  return out;
}

function parseChunk(chunk: string, offset: number): FoundLink | null {
  const schemeAt = chunk.indexOf('://');
  if (schemeAt > 0) {
    // Walk back over scheme letters by hand ("see:https://x" -> "https").
    let s = schemeAt;
    while (s > 0 && schemeAt - s < 32 && /[a-z0-9+.-]/i.test(chunk.charAt(s - 1))) s--;
    while (s < schemeAt && !/[a-z]/i.test(chunk.charAt(s))) s++;
    if (s < schemeAt) return withHost(chunk, offset, s, schemeAt + 3, chunk.slice(s, schemeAt).toLowerCase());
  }
  const data = /^\W{0,3}data:/i.exec(chunk);
  if (data) {
    const start = data[0].length - 5;
    return {
      start: offset + start,
      end: offset + trimEnd(chunk, chunk.length),
      host: '',
      path: chunk.slice(start),
      scheme: 'data',
    };
  }
  let s = 0;
  while (s < chunk.length && s < 8 && !/[\p{L}\p{N}]/u.test(chunk.charAt(s))) s++;
  const hostMatch = HOST_CHARS.exec(chunk.slice(s));
  if (!hostMatch) return null;
  // "abell@school.org" is an email address; "@" before the host means the same.
  if (chunk.slice(0, s).includes('@') || chunk.charAt(s + hostMatch[0].length) === '@') return null;
  const host = hostMatch[0].replace(/\.+$/, '').toLowerCase();
  const labels = host.split('.');
  const tld = labels[labels.length - 1]!;
  if (labels.length < 2 || labels.some((l) => l === '' || l.startsWith('-') || l.endsWith('-'))) return null;
  if (!(
    SHORTENER_HOSTS.has(host) ||
    host.startsWith('www.') ||
    (BARE_TLDS.has(tld) && /[a-z]/.test(labels[labels.length - 2]!))
  ))
    return null;
  const next = chunk.charAt(s + host.length);
  const end =
    next === '/' || next === '?' || next === '#' || next === ':' ? trimEnd(chunk, chunk.length) : s + host.length;
  return { start: offset + s, end: offset + end, host, path: chunk.slice(s + host.length, end), scheme: null };
}

function withHost(chunk: string, offset: number, start: number, afterScheme: number, scheme: string): FoundLink {
  const end = trimEnd(chunk, chunk.length);
  const rest = chunk.slice(afterScheme, end);
  let authority = rest.split(/[/?#]/, 1)[0] ?? '';
  // "https://school.org@evil.example/": the real host is after the last "@".
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  const host = authority.replace(/:\d*$/, '').replace(/\.+$/, '').toLowerCase();
  return {
    start: offset + start,
    end: offset + end,
    host,
    path: rest.slice(rest.indexOf(authority) + authority.length),
    scheme,
  };
}

/** Drop trailing sentence punctuation and unbalanced closing brackets from a chunk. */
function trimEnd(chunk: string, end: number): number {
  let e = end;
  while (e > 0 && /[.,;:!?'’)\]}*]/.test(chunk.charAt(e - 1))) e--;
  return e;
}
