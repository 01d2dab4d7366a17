/**
 * Advice that names one of a node's options goes through here, with the option's label as the node
 * itself shows it (ItemParameters.labelIfPresent) or none when the node has no such option, so a
 * message never tells the user to change a setting their node lacks (test/unit/advice.test.cts walks
 * every node's reachable advice).
 */

/** A size limit on something the node reads, and the option that raises it on this node, if any. */
export interface ByteLimit {
	bytes: number;
	raisedBy?: string;
}

/** Tells the user to scale the image down, and names the option that raises the limit when the node has one. */
export function scaleDownAdvice(limit: ByteLimit): string {
	return limit.raisedBy ? `Scale the image down first, or raise "${limit.raisedBy}" in Options.` : 'Scale the image down first.';
}
