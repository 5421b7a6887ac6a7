import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { OpenApiResponseValidator } from './openapi-response-validator';

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);
/** One validator per distinct document in a jest worker: compiled schemas are reused by every app of a suite. */
const validators = new Map<string, OpenApiResponseValidator>();

export function validatorFor(document: object): OpenApiResponseValidator {
  const key = JSON.stringify(document);
  let validator = validators.get(key);
  if (!validator) {
    validator = new OpenApiResponseValidator(document as ConstructorParameters<typeof OpenApiResponseValidator>[0]);
    validators.set(key, validator);
  }
  return validator;
}

/** The documents themselves are not operations of the API. */
const isDocs = (url: string) => /^\/docs(?:$|[/-])/.test(new URL(url, 'http://x').pathname);

/** What is wrong with one answer, as a sentence naming the request (empty: it conforms to the document). */
export function contractProblems(
  validator: OpenApiResponseValidator,
  method: string,
  url: string,
  status: number,
  contentType: string | undefined,
  body: unknown,
): string[] {
  if (isDocs(url)) return [];
  return validator.problems(method, url, status, contentType, body);
}

type Checkable = {
  assert: (resError: unknown, res: Response | undefined, fn?: (err: unknown, res: Response) => void) => void;
  method: string;
  url: string;
};

/**
 * The supertest agent every e2e suite uses, with one more assertion on every request: the answer is one the OpenAPI
 * document says this operation gives (route, status, media type, JSON body schema). It runs after the test's own
 * `.expect(...)`s, so a wrong status still fails with supertest's own message first; then a mismatch with the
 * document fails the request (and so the test) with the problems found.
 */
export function contractCheckedAgent(agent: TestAgent, validator: OpenApiResponseValidator): TestAgent {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !VERBS.has(prop) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const test = (value as (...a: unknown[]) => Checkable).apply(target, args);
        const assert = test.assert.bind(test);
        test.assert = (resError, res, fn) =>
          assert(resError, res, (err, checked) => {
            const problems =
              err || !checked
                ? []
                : contractProblems(
                    validator,
                    test.method,
                    test.url,
                    checked.status,
                    checked.headers['content-type'],
                    checked.body,
                  );
            fn?.(
              err ??
                (problems.length > 0
                  ? new Error(`The answer does not conform to the OpenAPI document:\n${problems.join('\n')}`)
                  : null),
              checked,
            );
          });
        return test;
      };
    },
  });
}
