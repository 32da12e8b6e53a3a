// The advisory locks prefstudy takes, as literal 64-bit keys (so a lock can share its statement's
// round trip with BEGIN). Every place that takes one of these locks must name it the same way.
import { createHash } from 'node:crypto';

function lockKey(text: string): string {
  return createHash('sha1').update(text).digest().readBigInt64BE(0).toString();
}

/** Creating or counting into a study's slot rows. */
export function slotsLock(studyId: string): string {
  return lockKey(`slots:${studyId}`);
}

/** One rater's requests, whichever instance they reach. */
export function raterLock(studyId: string, raterId: string): string {
  return lockKey(`${studyId}/${raterId}`);
}
