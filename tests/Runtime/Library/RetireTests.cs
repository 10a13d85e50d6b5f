using System.Reflection;
using FluentAI.Plugins.Hosting;
using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

/// <summary><c>(on-retire f)</c> hands the hook and the calling module's assembly to the host; the host decides what a version is.</summary>
public sealed class RetireTests : IDisposable
{
    public void Dispose() => HostServices.Current = null;

    [Fact]
    public void OnRetireGivesTheHostTheHookAndTheCallersAssemblyAndReturnsNil()
    {
        var host = new RecordingHost();
        HostServices.Current = host;
        var hook = new Lambda0("bye", () => null);

        Assert.Null(Builtins.OnRetire(hook));
        Assert.Null(Builtins.OnRetire(new LambdaN("any", 0, true, _ => null)));

        Assert.Equal(2, host.Hooks.Count);
        Assert.Same(hook, host.Hooks[0].Hook);
        Assert.Same(typeof(RetireTests).Assembly, host.Hooks[0].Caller);
    }

    [Fact]
    public void OnRetireTakesOnlyAFunctionOfNoArguments()
    {
        HostServices.Current = new RecordingHost();
        FailsWithWrongType("on-retire", () => Builtins.OnRetire(5L));
        FailsWithWrongType("on-retire", () => Builtins.OnRetire(F1(x => x)));
        FailsWithWrongType("on-retire", () => Builtins.OnRetire(null));
    }

    [Fact]
    public void AHostThatDoesNotRetireVersionsRefusesByDefault()
    {
        HostServices.Current = new HostWithoutVersions();
        var e = Fails(() => Builtins.OnRetire(new Lambda0("bye", () => null)));
        Assert.Equal(ErrorCodes.RuntimeError, e.Code);
        Assert.Equal("on-retire needs a host that retires module versions, such as a PluginHost", e.Message);
    }

    private class HostWithoutVersions : IHostServices
    {
        public ReloadSummary HotReload(string path, Fn? migrate) => throw new NotSupportedException();

        public void StartDevMode(FMap options) => throw new NotSupportedException();
    }

    private sealed class RecordingHost : HostWithoutVersions, IHostServices
    {
        public List<(Assembly Caller, Fn Hook)> Hooks { get; } = [];

        void IHostServices.OnRetire(Assembly caller, Fn hook) => Hooks.Add((caller, hook));
    }
}
