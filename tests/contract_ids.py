"""The item ids of contract section 1, in order, for tests that run without ../shared."""

CONTRACT_ITEM_IDS = [
    "mentougou-01", "mentougou-02-1", "mentougou-02-2", "mentougou-03", "mentougou-04",
    "mentougou-05", "mentougou-06", "mentougou-07", "mentougou-08-1", "mentougou-08-2",
    "mentougou-09", "mentougou-10-1", "mentougou-10-2", "mentougou-11", "mentougou-12",
    "mentougou-13", "dongcheng-05-1", "dongcheng-05-2", "dongcheng-05-3", "dongcheng-06",
    "dongcheng-07", "dongcheng-08", "dongcheng-09-1", "dongcheng-09-2", "dongcheng-09-3",
    "dongcheng-10", "dongcheng-11", "dongcheng-12", "dongcheng-13", "dongcheng-14",
    "dongcheng-15-1", "dongcheng-15-2",
]
