using System.Globalization;

namespace Fleet;

/// <summary><c>--name value</c> pairs after a subcommand, with the plain words kept in order.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < list.Count)
            {
                _options[list[i][2..]] = list[++i];
            }
            else
            {
                Words.Add(list[i]);
            }
        }
    }

    public List<string> Words { get; } = [];

    public string Text(string name, string fallback) => _options.GetValueOrDefault(name, fallback);

    public string? Text(string name) => _options.GetValueOrDefault(name);

    public int Int(string name, int fallback) => _options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Number(string name, double fallback) => _options.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
