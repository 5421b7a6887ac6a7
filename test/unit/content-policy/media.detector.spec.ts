import { checkContent } from '../../../src/domain/content-policy';
import { found, hits } from './content-policy.fixtures';

describe('media detector', () => {
  it('refuses every attachment: one zero-width violation at 0 per attachment', () => {
    const verdict = checkContent('Here is the picture!', null, { allowedLinkHosts: [] }, [
      'https://x/a.jpg',
      'https://x/b.jpg',
    ]);
    expect(verdict.allowed).toBe(false);
    expect(verdict.violations.map((v) => [v.category, v.start, v.end])).toEqual([
      ['media', 0, 0],
      ['media', 0, 0],
    ]);
    expect(verdict.violations[0]!.message).toMatch(/^Picture: attachment 1 /);
  });

  it('allows a text with an empty attachment list', () => {
    expect(checkContent('Hi', null, { allowedLinkHosts: [] }, []).allowed).toBe(true);
  });

  it('flags picture, video and audio links even on allowed hosts', () => {
    expect(hits('Photo: https://school.org/uploads/art.JPG?size=2', null)).toEqual([
      ['media', 'https://school.org/uploads/art.JPG?size=2'],
    ]);
    expect(hits('Video: school.org/v/talk.mp4', null)).toEqual([['media', 'school.org/v/talk.mp4']]);
  });

  it('reports both link and media for a picture on another host', () => {
    expect(found('see https://i.imgur.com/a.png', null).map((f) => f.category)).toEqual(['link', 'media']);
  });

  it('flags inline data: pictures as media only', () => {
    expect(hits('data:image/png;base64,iVBORw0KGgo=', null)).toEqual([['media', 'data:image/png;base64,iVBORw0KGgo=']]);
  });

  it('allows a document link on an allowed host', () => {
    expect(hits('Rubric: https://school.org/rubric.pdf', null)).toEqual([]);
  });
});
