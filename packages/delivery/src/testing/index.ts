export { createTestDeliverDeps } from './create-test-deliver-deps';
export { startWebhookReceiver, type ReceivedPost, type WebhookReceiver } from './webhook-receiver';
