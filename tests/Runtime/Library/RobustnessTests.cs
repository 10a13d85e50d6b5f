using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

/// <summary>
/// Calls every library function with every small argument count and a spread of values of all
/// types: the only failure allowed is a FluentAI error that names the function (never an
/// InvalidCastException, NullReferenceException or IndexOutOfRangeException from the runtime).
/// </summary>
[Collection(nameof(GlobalStateCollection))]
public sealed class RobustnessTests
{
    // A function argument that accepts anything, so errors can only come from the builtin itself.
    private static readonly Fn Probe = new LambdaN("probe", 0, true, args => args.Length > 0 ? args[0] : null);

    private static readonly object?[] Samples =
    [
        null, 0L, 2L, -1L, 1.5, "ab", "", true, K("a"), Symbol.Intern("s"),
        L(), L(1L, 2L), L("b", "a"), M(), M(K("a"), 1L), Probe,
    ];

    private static readonly int[] Strides = [1, 3, 5, 7, 11];

    public static TheoryData<string> Names() => new(BuiltinTable.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void NoArgumentsMakeABuiltinThrowAnythingButANamedFluentAIError(string name)
    {
        var fn = BuiltinTable.Get(name);
        var saved = FluentConsole.Out;
        FluentConsole.Out = TextWriter.Null;
        try
        {
            for (var count = 0; count <= 5; count++)
            {
                foreach (var args in Tuples(count))
                {
                    try
                    {
                        fn.Apply(args);
                    }
                    catch (FluentAIException e)
                    {
                        Assert.True(
                            e.Message.Contains(name, StringComparison.Ordinal),
                            $"({name} {string.Join(' ', args.Select(P))}) failed with a message that does not name {name}: {e.Message}");
                    }
                    catch (Exception e)
                    {
                        Assert.Fail($"({name} {string.Join(' ', args.Select(P))}) threw {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }
        finally
        {
            FluentConsole.Out = saved;
        }
    }

    private static IEnumerable<object?[]> Tuples(int count)
    {
        if (count == 0)
        {
            yield return [];
            yield break;
        }

        // Every sample in every position, varied deterministically in the others.
        for (var i = 0; i < Samples.Length * Strides.Length; i++)
        {
            var args = new object?[count];
            for (var j = 0; j < count; j++)
            {
                args[j] = Samples[((i * Strides[j % Strides.Length]) + (j * (i / Samples.Length))) % Samples.Length];
            }

            yield return args;
        }
    }
}
