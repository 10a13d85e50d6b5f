using System.Text.Json;
using FluentAI.Plugins.Loader;
using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>What the host did, as <see cref="PluginHost.Events"/>, as audit-log lines, and as log messages.</summary>
public sealed class EventTests
{
    private static readonly HostEventKind[] LoadReloadRejectUnload =
        [HostEventKind.Load, HostEventKind.Reloading, HostEventKind.Reload, HostEventKind.Unload, HostEventKind.Reloading, HostEventKind.ReloadRejected, HostEventKind.Unload];

    /// <summary>A load, a reload (waiting for its unload check), a rejected reload, then unloading everything.</summary>
    private static async Task LoadReloadRejectAndUnload(HostFolder folder)
    {
        folder.Write("m.ai", "(define (f) 1)");
        folder.Host.Load("m.ai");
        folder.Write("m.ai", "(define (f) 2)");
        var result = folder.Host.Reload("m.ai");
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
        folder.Write("m.ai", "(define (f) (");
        Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));
        Assert.All(folder.Host.UnloadAll(), r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task EventsArriveInOrderForALoadAReloadARejectionAndTheUnloads()
    {
        using var folder = new HostFolder();
        var events = new EventRecorder(folder.Host);

        await LoadReloadRejectAndUnload(folder);

        var seen = events.Events;
        Assert.Equal(LoadReloadRejectUnload, seen.Select(e => e.Kind));
        Assert.Equal(["load", "reloading", "reload", "unload", "reloading", "reload-rejected", "unload"], seen.Select(e => e.Event));
        Assert.All(seen, e => Assert.Equal(folder.PathOf("m.ai"), e.Module));
        Assert.Equal((null, 1L, true), (seen[0].FromVersion, seen[0].ToVersion, seen[0].Ok));
        Assert.Equal((1L, 2L, "changed"), (seen[2].FromVersion, seen[2].ToVersion, seen[2].Detail));
        Assert.Equal((1L, true, null), (seen[3].FromVersion, seen[3].Ok, seen[3].Error));
        Assert.False(seen[5].Ok);
        Assert.Contains(ErrorCodes.UnclosedList, seen[5].Error, StringComparison.Ordinal);
        Assert.Equal(2L, seen[6].FromVersion);
    }

    [Fact]
    public void AFailedLoadIsALoadEventThatIsNotOk()
    {
        using var folder = new HostFolder();
        var events = new EventRecorder(folder.Host);
        folder.Write("bad.ai", "(define (f) (car 1))\n(f)");

        Assert.Throws<ModuleLoadException>(() => folder.Host.Load("bad.ai"));

        var failed = Assert.Single(events.Events);
        Assert.Equal((HostEventKind.Load, false), (failed.Kind, failed.Ok));
        Assert.Contains(ErrorCodes.TypeMismatch, failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditLogHasOneJsonObjectPerEventWithTheFieldsOfTheSpec()
    {
        var audit = "";
        using var folder = new HostFolder(root => new PluginHostOptions { AuditLogPath = audit = Path.Combine(root, "audit.jsonl") });
        var events = new EventRecorder(folder.Host);
        await LoadReloadRejectAndUnload(folder);
        folder.Write("bad.ai", "(car 1)");
        Assert.Throws<ModuleLoadException>(() => folder.Host.Load("bad.ai"));
        folder.Host.Dispose();

        var lines = File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal(events.Events.Select(e => e.Event), lines.Select(l => l.GetProperty("event").GetString()));
        Assert.Equal(["load", "reloading", "reload", "unload", "reloading", "reload-rejected", "unload", "load"], lines.Select(l => l.GetProperty("event").GetString()));
        foreach (var line in lines)
        {
            foreach (var field in new[] { "time", "event", "module", "fromVersion", "toVersion", "ok", "durationMs" })
            {
                Assert.True(line.TryGetProperty(field, out _), $"no {field} in {line}");
            }

            Assert.True(DateTimeOffset.TryParse(line.GetProperty("time").GetString(), out _), $"time is not a timestamp in {line}");
            Assert.True(line.GetProperty("durationMs").GetDouble() >= 0, $"negative duration in {line}");
            Assert.Equal(!line.GetProperty("ok").GetBoolean(), line.TryGetProperty("error", out _));
        }

        Assert.Equal((1, 2), (lines[2].GetProperty("fromVersion").GetInt64(), lines[2].GetProperty("toVersion").GetInt64()));
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("fromVersion").ValueKind);
        Assert.Contains(ErrorCodes.UnclosedList, lines[5].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(folder.PathOf("bad.ai"), lines[7].GetProperty("module").GetString());
        Assert.Contains(ErrorCodes.TypeMismatch, lines[7].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEventIsLoggedWithAStableEventIdNamedAfterIt()
    {
        var logs = new RecordingLoggerFactory();
        using var folder = new HostFolder(_ => new PluginHostOptions { LoggerFactory = logs });

        await LoadReloadRejectAndUnload(folder);

        var entries = logs.Entries;
        Assert.All(entries, e => Assert.Equal("FluentAI.Plugins.Loader.PluginHost", e.Category));
        Assert.Equal([1, 3, 4, 10, 3, 5, 10], entries.Select(e => e.Id.Id));
        Assert.Equal(["load", "reloading", "reload", "unload", "reloading", "reload-rejected", "unload"], entries.Select(e => e.Id.Name));
        Assert.Equal(
            [(1, LogLevel.Information), (4, LogLevel.Information), (10, LogLevel.Debug), (5, LogLevel.Warning)],
            entries.Where(e => e.Id.Id is 1 or 4 or 5 or 10).Select(e => (e.Id.Id, e.Level)).Distinct());
        Assert.Contains(ErrorCodes.UnclosedList, entries[5].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditLogKeepsEveryLineWhenTheLogFiltersDropEverything()
    {
        var logs = new RecordingLoggerFactory(enabled: false);
        var audit = "";
        using var folder = new HostFolder(root => new PluginHostOptions { LoggerFactory = logs, AuditLogPath = audit = Path.Combine(root, "audit.jsonl") });

        await LoadReloadRejectAndUnload(folder);
        folder.Host.Dispose();

        Assert.Empty(logs.Entries);
        Assert.Equal(
            ["load", "reloading", "reload", "unload", "reloading", "reload-rejected", "unload"],
            File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()));
    }
}
