namespace Pipeline;

/// <summary>
/// What the sink received, checked against what was produced, the C# rules and the reloads' switch points:
/// no record lost or processed twice, every result the one its version's rules give, every record taken
/// before a reload processed by the old version and every one taken after by the new, and no worker going
/// back to an older version.
/// </summary>
internal sealed record PipelineCheck(
    long Produced,
    long Received,
    long Lost,
    long Duplicates,
    bool IdSumOk,
    bool ChecksumOk,
    long Errors,
    IReadOnlyList<string> SwitchViolations,
    IReadOnlyList<string> BackwardsWorkers)
{
    public bool Ok => Lost == 0 && Duplicates == 0 && IdSumOk && ChecksumOk && Errors == 0 && SwitchViolations.Count == 0 && BackwardsWorkers.Count == 0;

    // expected: the C# rules, the result a version gives for a record id.
    public static PipelineCheck Of(RecordPipeline pipeline, IReadOnlyList<SwitchMark> marks, Func<long, long, long?> expected)
    {
        var sink = pipeline.Sink;
        var produced = pipeline.Produced;
        var received = sink.Count;
        var lost = 0L;
        for (var id = 1L; id <= produced; id++)
        {
            lost += sink.Saw(id) ? 0 : 1;
        }

        var expectedHash = 0UL;
        for (var seq = 1L; seq <= received; seq++)
        {
            var (id, version) = (sink.IdAt(seq), sink.VersionAt(seq));
            expectedHash = unchecked(expectedHash + Sink.Mix(id, version, expected(id, version)));
        }

        return new PipelineCheck(
            produced,
            received,
            lost,
            sink.Duplicates,
            sink.IdSum == produced * (produced + 1) / 2,
            expectedHash == sink.Hash,
            sink.Errors,
            FindSwitchViolations(sink, received, marks),
            FindBackwardsWorkers(sink, received, pipeline.Ledger.Workers));
    }

    private static List<string> FindSwitchViolations(Sink sink, long received, IReadOnlyList<SwitchMark> marks)
    {
        // Marks come in order, so both bounds only rise: for a take number, the highest version allowed is the
        // old version of the first reload that drained it, the lowest the new version of the last reload that
        // returned before it was taken.
        var violations = new List<string>();
        var upper = 0;
        var lower = -1;
        for (var seq = 1L; seq <= received; seq++)
        {
            while (upper < marks.Count && marks[upper].LastBefore < seq)
            {
                upper++;
            }

            while (lower + 1 < marks.Count && marks[lower + 1].FirstAfter <= seq)
            {
                lower++;
            }

            var version = sink.VersionAt(seq);
            if (upper < marks.Count && version > marks[upper].OldVersion)
            {
                violations.Add($"take {seq} (record {sink.IdAt(seq)}) was before reload {marks[upper].Reload} but processed by v{version}");
            }

            if (lower >= 0 && version < marks[lower].NewVersion)
            {
                violations.Add($"take {seq} (record {sink.IdAt(seq)}) was after reload {marks[lower].Reload} but processed by v{version}");
            }
        }

        return violations;
    }

    private static List<string> FindBackwardsWorkers(Sink sink, long received, int workers)
    {
        var last = new long[workers];
        var backwards = new List<string>();
        for (var seq = 1L; seq <= received; seq++)
        {
            var (worker, version) = (sink.WorkerAt(seq), sink.VersionAt(seq));
            if (version < last[worker])
            {
                backwards.Add($"worker {worker} went from v{last[worker]} back to v{version} at take {seq}");
            }

            last[worker] = Math.Max(last[worker], version);
        }

        return backwards;
    }
}
