/** The Slack side of the end-to-end test bed. */
export * from './block-kit.ts';
export * from './driver.ts';
export * from './slack-stub.ts';
