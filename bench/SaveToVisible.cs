using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Loader.DevMode;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// Development mode end to end: a 100-function module with two dependents, watched with the real
/// file-system watcher and the default 50 ms debounce; from writing the file to the first call
/// served by the new code (through a dependent).
/// </summary>
[Config(typeof(MacroConfig))]
public class SaveToVisible
{
    private ModuleFolder _folder = null!;
    private PluginHost _host = null!;
    private DevWatcher _watcher = null!;
    private Slot _g = null!;
    private long _constant;

    /// <summary>How many warm-up saves the global setup makes (tests lower it).</summary>
    public int WarmUp { get; set; } = 200;

    /// <summary>Loads the modules, starts watching and saves a few times to warm up.</summary>
    [GlobalSetup]
    public void GlobalSetup()
    {
        _constant = Random.Shared.Next(1, 1_000_000) * 1000L;
        _folder = new ModuleFolder("save");
        _folder.Write("base.ai", Sources.Module100(_constant));
        _folder.Write("dep1.ai", Sources.Dependent(1));
        _folder.Write("dep2.ai", Sources.Dependent(2));
        _host = _folder.CreateHost();
        _host.Load("dep1.ai");
        _host.Load("dep2.ai");
        _g = _host.GetSlot("dep2.ai", "g");
        _watcher = _host.Watch();
        for (var i = 0; i < WarmUp; i++)
        {
            Save();
        }
    }

    /// <summary>Stops watching and unloads.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _watcher.Dispose();
        _host.Dispose();
        _folder.Dispose();
    }

    /// <summary>Writes the base module with a new constant and waits until a dependent serves it; returns that value.</summary>
    [Benchmark]
    public long Save()
    {
        var expected = ++_constant + 2;
        _folder.Write("base.ai", Sources.Module100(_constant));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if ((long)_g.Invoke()! == expected)
            {
                return expected;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("the saved change never became visible");
            }

            Thread.Sleep(1);
        }
    }
}
