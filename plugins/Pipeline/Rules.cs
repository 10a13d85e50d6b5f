using System.Text.RegularExpressions;

namespace Pipeline;

/// <summary>
/// What the processor module's rules give, computed in C# independently of the module, so the sink can
/// check every result against the version that claims it; and the edits the demo makes to the rules.
/// </summary>
internal static partial class Rules
{
    public const string File = "processor.ai";

    public static long Qty(long id) => id % 10;

    public static long Price(long id) => (id % 97) + 1;

    /// <summary>rules/processor.ai: valid when qty &gt; 0 and id is not a multiple of 7; then qty * price + version * 1000.</summary>
    public static long? Expected(long id, long version) =>
        Qty(id) > 0 && id % 7 != 0 ? (Qty(id) * Price(id)) + (version * 1000) : null;

    /// <summary>The rules with <c>(define rules-version N)</c> set to <paramref name="version"/>.</summary>
    public static string WithVersion(string source, long version)
    {
        if (!VersionLine().IsMatch(source))
        {
            throw new InvalidOperationException($"the rules have no '(define rules-version N)' line for the demo to change");
        }

        return VersionLine().Replace(source, $"(define rules-version {version})", 1);
    }

    /// <summary>The rules with an unclosed form at the end: a compile error, so the reload is rejected.</summary>
    public static string Broken(string source) => source + "\n(define (broken record)\n";

    [GeneratedRegex(@"\(define rules-version \d+\)")]
    private static partial Regex VersionLine();
}
