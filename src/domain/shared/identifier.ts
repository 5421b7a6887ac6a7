/**
 * Every id this service accepts from outside (students, staff, districts, enrollments, messages, OneRoster
 * sourcedIds): 1-100 letters, digits, ".", "_", ":" or "-", starting with a letter or digit. One definition.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** The rule in words, for error sentences. */
export const ID_RULE = 'letters, digits, ".", "_", ":" or "-" (at most 100 characters)';
