import { notFound } from '../http-error';

/** A question id from the URL: positive digits only, else 404 (not 500 from the database). */
export function parseQuestionId(value: string | undefined): number {
  if (!value || !/^\d{1,9}$/.test(value)) throw notFound('question');
  return Number(value);
}
