using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

/// <summary>
/// What a pre-check or post-check sees of the version under check: its figures since it went live,
/// whether it compiled and kept its importers' API, and its functions to call.
/// </summary>
public sealed class ReloadCheck
{
    private readonly Func<string, Fn?> _function;
    private readonly Func<(long Calls, long Errors)> _figures;

    internal ReloadCheck(string module, long version, bool preCheck, Func<string, Fn?> function, Func<(long Calls, long Errors)> figures)
    {
        Module = module;
        Version = version;
        IsPreCheck = preCheck;
        _function = function;
        _figures = figures;
    }

    /// <summary>The module file being reloaded.</summary>
    public string Module { get; }

    /// <summary>The version under check (the new one).</summary>
    public long Version { get; }

    /// <summary>True before the swap (the new version serves no one yet).</summary>
    public bool IsPreCheck { get; }

    /// <summary>The new version compiled (true whenever a check runs: a version that does not compile is rejected before).</summary>
    public bool ValidSyntax { get; } = true;

    /// <summary>Every import of the module by a dependent, and every slot or proxy the host holds, still resolves with the same arity (verified by the build before any check runs).</summary>
    public bool CompatibleApi { get; } = true;

    /// <summary>Calls into the version under check that completed since it went live (the canary's routed calls during a canary).</summary>
    public long Calls => _figures().Calls;

    /// <summary>How many of them threw.</summary>
    public long Errors => _figures().Errors;

    /// <summary>Errors per call (0 without calls): <c>(error-rate)</c>.</summary>
    public double ErrorRate => _figures() is var (calls, errors) && calls > 0 ? errors / (double)calls : 0;

    /// <summary>1 minus <see cref="ErrorRate"/>: <c>(success-rate)</c>.</summary>
    public double SuccessRate => 1 - ErrorRate;

    /// <summary>Calls the function <paramref name="name"/> of the version under check (arguments converted as <see cref="HostValues"/> says).</summary>
    /// <exception cref="FluentAIException">The version does not define that function, or the call failed.</exception>
    public object? Call(string name, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var fn = _function(name) ?? throw new FluentAIException(ErrorCodes.NotExported, Messages.DoesNotDefine(System.IO.Path.GetFileName(Module), name));
        return fn.Apply([.. args.Select(a => HostValues.IsFluentValue(a) ? a : HostValues.ToValue(a))]);
    }
}
