using System.Diagnostics;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Loader.DevMode;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary><see cref="PluginHost.Watch"/> over the real file system: saving a file reloads it.</summary>
public sealed class WatchTests
{
    /// <summary>How long a test waits for the watcher before it fails (the file system is shared with other builds).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>What a watcher reported: each report also wakes a test waiting for one.</summary>
    private sealed class Reports : IDisposable
    {
        private readonly SemaphoreSlim _signal = new(0);
        private readonly List<ReloadResult> _reloads = [];
        private readonly List<string> _errors = [];

        public DevModeOptions Options => new()
        {
            OnReloaded = result =>
            {
                lock (_reloads)
                {
                    _reloads.Add(result);
                }

                _signal.Release();
            },
            OnError = (file, message) =>
            {
                lock (_errors)
                {
                    _errors.Add(message);
                }

                _signal.Release();
            },
        };

        public IReadOnlyList<ReloadResult> Reloads
        {
            get
            {
                lock (_reloads)
                {
                    return [.. _reloads];
                }
            }
        }

        public IReadOnlyList<string> Errors
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        /// <summary>Waits, report by report, until <paramref name="done"/> holds; fails after <see cref="Bound"/>.</summary>
        public void WaitUntil(Func<bool> done, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!done())
            {
                var left = Bound - clock.Elapsed;
                Assert.True(left > TimeSpan.Zero && _signal.Wait(left), $"the watcher did not report {what} within {Bound.TotalSeconds} s; errors: {string.Join("; ", Errors)}");
            }
        }

        public void Dispose() => _signal.Dispose();
    }

    [Fact]
    public async Task ASavedChangeIsReloadedAndServedThroughTheSameSlot()
    {
        using var folder = new HostFolder();
        using var reports = new Reports();
        folder.Write("m.ai", "(define (greeting) \"v1\")");
        var greeting = folder.Host.GetSlot("m.ai", "greeting");

        using (var watcher = folder.Host.Watch(reports.Options))
        {
            folder.Write("m.ai", "(define (greeting) \"v2\")");
            reports.WaitUntil(() => (string?)greeting.Invoke() == "v2", "the reload to v2");
            Assert.True(watcher.Reloads >= 1);
        }

        Assert.NotEmpty(reports.Reloads);
        foreach (var result in reports.Reloads)
        {
            Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
        }
    }

    [Fact]
    public async Task ABrokenSaveIsReportedAndTheRunningVersionServesUntilTheFix()
    {
        using var folder = new HostFolder();
        using var reports = new Reports();
        folder.Write("m.ai", "(define (greeting) \"v1\")");
        var greeting = folder.Host.GetSlot("m.ai", "greeting");
        using var watcher = folder.Host.Watch(reports.Options);

        folder.Write("m.ai", "(define (greeting) \"v2\"");
        reports.WaitUntil(() => reports.Errors.Any(e => e.Contains(ErrorCodes.UnclosedList, StringComparison.Ordinal)), "the broken save");
        Assert.Equal("v1", greeting.Invoke());
        Assert.Equal(1, folder.Host.VersionOf("m.ai"));

        folder.Write("m.ai", "(define (greeting) \"v3\")");
        reports.WaitUntil(() => (string?)greeting.Invoke() == "v3", "the reload of the fix");
        foreach (var result in reports.Reloads)
        {
            Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
        }
    }
}
