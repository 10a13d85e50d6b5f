namespace Pipeline;

/// <summary>
/// One reload as the pipeline saw it: records taken up to <paramref name="LastBefore"/> were all processed
/// before <c>host.Reload</c> was called, so by <paramref name="OldVersion"/> or earlier; records taken from
/// <paramref name="FirstAfter"/> on were taken after it returned, so by <paramref name="NewVersion"/> or later
/// (the same version when the reload was rejected). Records in between may be processed by either.
/// <paramref name="OutAtStart"/> and <paramref name="OutAtEnd"/>: the sink's count when <c>host.Reload</c> was called and returned.
/// </summary>
internal sealed record SwitchMark(int Reload, long LastBefore, long FirstAfter, long OldVersion, long NewVersion, string? Error, TimeSpan Latency, long OutAtStart, long OutAtEnd)
{
    public bool Failed => Error is not null;
}
