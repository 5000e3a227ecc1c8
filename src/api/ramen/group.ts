/** Ramen's API group and version: every Ramen kind lives in `ramendr.openshift.io/v1alpha1`. */
export const RAMEN_GROUP = 'ramendr.openshift.io';
/** The only version Ramen serves. */
export const RAMEN_VERSION = 'v1alpha1';
/** `ramendr.openshift.io/v1alpha1`. */
export const RAMEN_API_VERSION = `${RAMEN_GROUP}/${RAMEN_VERSION}`;
