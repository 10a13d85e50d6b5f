using System.Security.Cryptography;
using System.Text;

namespace FluentAI.Plugins.Orleans;

/// <summary>A module version as the fleet ships it: its source text and the SHA-256 of that text, which each host checks before compiling it.</summary>
/// <param name="Source">The module's source text.</param>
/// <param name="Hash">The SHA-256 of <paramref name="Source"/> as UTF-8, lower-case hex.</param>
[GenerateSerializer]
[Immutable]
public sealed record ModuleVersion([property: Id(0)] string Source, [property: Id(1)] string Hash)
{
    /// <summary>The version whose text is <paramref name="source"/>, with its hash.</summary>
    public static ModuleVersion Of(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ModuleVersion(source, HashOf(source));
    }

    /// <summary>The SHA-256 of <paramref name="source"/> as UTF-8, lower-case hex.</summary>
    public static string HashOf(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
    }

    /// <summary>True when <see cref="Hash"/> is the hash of <see cref="Source"/> (the text arrived intact).</summary>
    public bool IsIntact => string.Equals(HashOf(Source), Hash, StringComparison.Ordinal);

    /// <summary>The first 12 hex digits of the hash.</summary>
    public string ShortHash => Hash.Length > 12 ? Hash[..12] : Hash;
}
