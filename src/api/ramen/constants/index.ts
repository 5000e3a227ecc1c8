/** Ramen's well-known names and state values, grouped by what they mark. */
export * from './annotations.js';
export * from './conditions.js';
export * from './drcluster-state.js';
export * from './drpc-state.js';
export * from './events.js';
export * from './finalizers.js';
export * from './labels.js';
export * from './maintenance-mode-state.js';
export * from './placement.js';
export * from './s3-layout.js';
export * from './volsync.js';
export * from './vrg-state.js';
