namespace Pipeline;

/// <summary>The sample's options: <c>--records N --reloads N --workers N --capacity N --broken-every N --rules DIR</c>.</summary>
internal sealed record PipelineOptions
{
    public const string Usage =
        "usage: dotnet run --project plugins/Pipeline [-- --records N] [--reloads N] [--workers N] [--capacity N] [--broken-every N] [--rules DIR]";

    public long Records { get; init; } = 1_000_000;

    public int Reloads { get; init; } = 100;

    public int Workers { get; init; } = 2;

    /// <summary>Capacity of the input and the output channel.</summary>
    public int Capacity { get; init; } = 1024;

    /// <summary>Every N-th reload writes rules that do not compile (0: none).</summary>
    public int BrokenEvery { get; init; }

    /// <summary>Where processor.ai is; the demo copies it to a temporary folder and edits the copy.</summary>
    public string RulesFolder { get; init; } = Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>The options, or the reason they are wrong.</summary>
    public static (PipelineOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new PipelineOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            if (args[i] == "--rules" && value is not null)
            {
                options = options with { RulesFolder = Path.GetFullPath(value) };
            }
            else if (value is null)
            {
                return (null, $"{args[i]}: a value is missing");
            }
            else if (!long.TryParse(value, out var n) || n < 0 || n > int.MaxValue)
            {
                return (null, $"{args[i]} {value}: expected a number from 0 to {int.MaxValue}");
            }
            else
            {
                PipelineOptions? next = args[i] switch
                {
                    "--records" => options with { Records = n },
                    "--reloads" => options with { Reloads = (int)n },
                    "--workers" => options with { Workers = (int)n },
                    "--capacity" => options with { Capacity = (int)n },
                    "--broken-every" => options with { BrokenEvery = (int)n },
                    _ => null,
                };
                if (next is null)
                {
                    return (null, $"unknown option {args[i]}");
                }

                options = next;
            }

            i++;
        }

        return options switch
        {
            { Records: 0 } => (null, "--records must be at least 1"),
            { Workers: 0 } => (null, "--workers must be at least 1"),
            { Capacity: 0 } => (null, "--capacity must be at least 1"),
            _ when options.Reloads > 0 && options.Records < options.Reloads * 10L => (null, "--records must be at least 10 per reload"),
            _ => (options, null),
        };
    }
}
