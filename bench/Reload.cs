using BenchmarkDotNet.Attributes;
using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// Reload latency of a 100-function module imported by 3 modules, warm (Roslyn warmed up, the
/// dependents' images in the cache): from <c>host.Reload</c> until a dependent returns a value
/// computed from the new code. The base module gets a new constant before every reload.
/// </summary>
[Config(typeof(MacroConfig))]
public class Reload
{
    /// <summary>How many modules import the reloaded one.</summary>
    public const int Dependents = 3;

    private const string Base = "base.ai";
    private Setup _large = null!;
    private Setup _small = null!;
    private long _constant;

    /// <summary>The constant the base module was last written with.</summary>
    public long Constant => _constant;

    /// <summary>The outcome of the last reload.</summary>
    public ReloadResult? LastResult { get; private set; }

    /// <summary>How many warm-up runs the global setup makes (tests lower it).</summary>
    public int WarmUp { get; set; } = 300;

    /// <summary>Loads the modules and reloads a few dozen times to warm up.</summary>
    [GlobalSetup]
    public void GlobalSetup()
    {
        _constant = Random.Shared.Next(1, 1_000_000) * 1000L;
        _large = new Setup("reload", Sources.Module100, _constant);
        _small = new Setup("reload-small", Sources.SmallBase, _constant);
        for (var i = 0; i < WarmUp; i++)
        {
            ChangeBase();
            ReloadBase();
            ChangeSmallBase();
            ReloadSmallBase();
        }
    }

    /// <summary>Unloads everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _large.Dispose();
        _small.Dispose();
    }

    /// <summary>Rewrites the 100-function base module with a new constant (not measured).</summary>
    [IterationSetup(Target = nameof(ReloadBase))]
    public void ChangeBase() => _large.Change(++_constant);

    /// <summary>Rewrites the one-function base module with a new constant (not measured).</summary>
    [IterationSetup(Target = nameof(ReloadSmallBase))]
    public void ChangeSmallBase() => _small.Change(++_constant);

    /// <summary>Reloads the base module (and so its 3 dependents); returns the sum of the dependents' <c>(g)</c>.</summary>
    [Benchmark]
    public long ReloadBase() => Run(_large);

    /// <summary>
    /// The same with a one-function base module: what a reload costs besides compiling 100
    /// functions (contexts, top-level forms of 4 modules, swap, verified unload of 4 contexts).
    /// </summary>
    [Benchmark]
    public long ReloadSmallBase() => Run(_small);

    private long Run(Setup setup)
    {
        var result = setup.Host.Reload(Base);
        LastResult = result;

        long sum = 0;
        foreach (var g in setup.G)
        {
            sum += (long)g.Invoke()!;
        }

        return sum;
    }

    /// <summary>A folder with a base module and its dependents, loaded in a host.</summary>
    private sealed class Setup : IDisposable
    {
        private readonly ModuleFolder _folder;
        private readonly Func<long, string> _source;

        public Setup(string name, Func<long, string> source, long constant)
        {
            _folder = new ModuleFolder(name);
            _source = source;
            _folder.Write(Base, source(constant));
            for (var i = 1; i <= Dependents; i++)
            {
                _folder.Write($"dep{i}.ai", Sources.Dependent(i));
            }

            Host = _folder.CreateHost();
            G = new Slot[Dependents];
            for (var i = 1; i <= Dependents; i++)
            {
                Host.Load($"dep{i}.ai");
                G[i - 1] = Host.GetSlot($"dep{i}.ai", "g");
            }
        }

        public PluginHost Host { get; }

        public Slot[] G { get; }

        public void Change(long constant) => _folder.Write(Base, _source(constant));

        public void Dispose()
        {
            Host.Dispose();
            _folder.Dispose();
        }
    }
}
