using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Cli;

/// <summary>
/// The module versions a reload replaced whose unload the host is still verifying (it checks in the
/// background, after reloads pause). The command waits for their verdicts before it disposes the
/// host, so the audit log has an <c>unload</c> or <c>unload-failed</c> line for every replaced
/// version, also when the program reloads and then ends at once.
/// </summary>
internal sealed class PendingUnloads
{
    /// <summary>
    /// The longest the command waits: a verification normally ends within a second (the host's
    /// bounded collections); this only stops a command from hanging on one that cannot end.
    /// </summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    private readonly object _gate = new();
    private readonly HashSet<(string Module, long Version)> _pending = [];

    public PendingUnloads(PluginHost host) => host.Events += OnEvent;

    private void OnEvent(object? sender, HostEvent e)
    {
        lock (_gate)
        {
            switch (e)
            {
                // A committed reload or rollback replaced FromVersion (0 for a module it loaded fresh) and queued its verification.
                case { Event: "reload" or "rollback", Ok: true, FromVersion: > 0 and var replaced }:
                    _pending.Add((e.Module, replaced));
                    break;
                case { Event: "unload" or "unload-failed", FromVersion: { } version }:
                    if (_pending.Remove((e.Module, version)))
                    {
                        Monitor.PulseAll(_gate);
                    }

                    break;
            }
        }
    }

    /// <summary>Waits (bounded) until every replaced version has its verdict; says on stderr when it stops waiting first.</summary>
    public void Wait(TextWriter stderr)
    {
        var deadline = Environment.TickCount64 + (long)MaxWait.TotalMilliseconds;
        lock (_gate)
        {
            while (_pending.Count > 0)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    var versions = string.Join(", ", _pending.Select(p => $"{Path.GetFileName(p.Module)} v{p.Version}"));
                    stderr.WriteLine($"fluentai: stopped waiting for the unload check of {versions}; the audit log has no verdict for it");
                    return;
                }

                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left));
            }
        }
    }
}
