import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Media = { schema?: object };
type Operation = { responses?: Record<string, { content?: Record<string, Media> }> };
type Document = { paths: Record<string, Record<string, Operation>> };

/**
 * Checks a real answer against the OpenAPI document the app serves: the route and status must be documented, and a
 * JSON body must match the schema documented for that status. Returns the problems found (empty: it conforms), so
 * the test that made the request fails with them.
 */
export class OpenApiResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: { method: string; template: string; pattern: RegExp; op: Operation }[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'openapi');
    for (const [template, item] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, op] of Object.entries(item)) this.routes.push({ method, template, pattern, op });
    }
    // A literal segment wins over a parameter (/students/bulk before /students/{id}).
    this.routes.sort((a, b) =>
      (b.template.match(/\{/g)?.length ?? 0) < (a.template.match(/\{/g)?.length ?? 0) ? 1 : -1,
    );
  }

  problems(method: string, url: string, status: number, contentType: string | undefined, body: unknown): string[] {
    const path = new URL(url, 'http://x').pathname;
    const route = this.routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(path));
    // Any path the API does not have answers 404 with the one error body (Nest's not-found, through the error filter).
    if (!route)
      return status === 404
        ? this.errorBodyProblems(`${method} ${path} 404`, body)
        : [`${method} ${path} is not in the OpenAPI document`];
    const response = route.op.responses?.[String(status)] ?? route.op.responses?.default;
    const where = `${method} ${route.template} ${status}`;
    if (!response)
      return [`${where}: status not documented (documented: ${Object.keys(route.op.responses ?? {}).join(', ')})`];
    const media = (contentType ?? '').split(';')[0]!.trim();
    if (!response.content || status === 204 || media === '') return [];
    const documented = response.content[media];
    if (!documented)
      return [
        `${where}: content type ${media} not documented (documented: ${Object.keys(response.content).join(', ')})`,
      ];
    if (!documented.schema || media !== 'application/json') return [];
    const key = `${route.method} ${route.template} ${status} ${media}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const pointer = `/paths/${route.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${route.method}/responses/${status in (route.op.responses ?? {}) ? status : 'default'}/content/${media.replace(/\//g, '~1')}/schema`;
      validate = this.ajv.compile({ $ref: `openapi#${pointer}` });
      this.compiled.set(key, validate);
    }
    return validate(body)
      ? []
      : [`${where}: body does not match the document: ${this.ajv.errorsText(validate.errors)}`];
  }

  private errorBodyProblems(where: string, body: unknown): string[] {
    let validate = this.compiled.get('ApiError');
    if (!validate) {
      validate = this.ajv.compile({ $ref: 'openapi#/components/schemas/ApiError' });
      this.compiled.set('ApiError', validate);
    }
    return validate(body) ? [] : [`${where}: body is not the ApiError schema: ${this.ajv.errorsText(validate.errors)}`];
  }
}
