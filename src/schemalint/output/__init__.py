"""What a run hands back: suppressions, finding identities, the baseline, the
reporters and the files they write."""
