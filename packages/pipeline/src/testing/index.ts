export { createTestDeliverDeps } from './create-test-deliver-deps';
