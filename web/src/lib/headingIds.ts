/** The reader's heading ids; the rule lives in shared/ because the search index uses it too. */
export {
  anchorSequence,
  HEADING_ID_PREFIX,
  headingAnchor,
  headingId,
} from "@fondation/shared/core";
