// The public face of @alerts/alert-rules: an alert's own rules, pure (no I/O), shared by the pipeline that stores and
// mails alerts, the email package's schemas and the web forms.
export { ALERT_TEXT_LIMITS } from './alert-text-limits';
export { checkAlertQuery, fitDescription, fitLabel, labelProblem, wellFormed } from './alert-text';
