import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { apiHttpException } from './api-error';

export interface FieldProblems {
  field: string;
  problems: string[];
}

/**
 * The global pipe: DTOs are whitelists (unknown fields are an error, not silently dropped, so typos surface),
 * no implicit type coercion (a "5" is not a 5 unless the DTO says @Type), and one VALIDATION_FAILED error shape.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // Keep submitted values out of errors: they may be personal data, and details are echoed to the client.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      const names = fields.map((f) => f.field).join(', ');
      return apiHttpException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        `The request is not valid; check: ${names}.`,
        { fields },
      );
    },
  });
}

/** Nested DTO errors become dotted paths ("listedContacts.0.phone"); a non-object body is reported as "(body)". */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldProblems[] {
  const out: FieldProblems[] = [];
  for (const error of errors) {
    const field = prefix === '' ? error.property || '(body)' : `${prefix}.${error.property}`;
    const problems = Object.values(error.constraints ?? {});
    if (problems.length > 0) out.push({ field, problems });
    if (error.children && error.children.length > 0) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}
