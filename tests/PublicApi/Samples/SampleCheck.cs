using System.Text;

namespace FluentAI.Plugins.PublicApi.Tests.Samples;

/// <summary>
/// Checks one markdown sample: it compiles without errors or warnings; unless it is a fragment, it runs
/// without an exception in a fresh folder holding a copy of the repository's <c>plugins/</c> folder;
/// and when it has expected-output comments, it prints exactly those lines in that order.
/// </summary>
internal static class SampleCheck
{
    /// <summary>Null when the sample is true, else what is wrong with it (naming the markdown file and line).</summary>
    public static string? Failure(MarkdownSample sample, string repositoryRoot)
    {
        var (image, diagnostics) = SampleCompiler.Compile(sample);
        if (image is null)
        {
            return $"{sample.Name}: the sample does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}";
        }

        if (sample.IsFragment)
        {
            return null;
        }

        var folder = Path.Combine(Path.GetTempPath(), "fai-publicapi-samples", Guid.NewGuid().ToString("N"));
        try
        {
            CopyFolder(Path.Combine(repositoryRoot, "plugins"), Path.Combine(folder, "plugins"));
            var run = SampleRunner.Run(sample.Name, image, folder);
            return Describe(sample, run) is { } failure ? failure + Environment.NewLine + Printed(run) : null;
        }
        finally
        {
            TryDelete(folder);
        }
    }

    private static string? Describe(MarkdownSample sample, SampleRun run)
    {
        if (run.Exception is { } e)
        {
            return $"{sample.Name}: the sample threw {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}";
        }

        var expected = sample.ExpectedOutput;
        if (expected.Count == 0 || expected.SequenceEqual(run.Output))
        {
            return null;
        }

        var text = new StringBuilder($"{sample.Name}: the sample printed other lines than its // comments say.");
        for (var i = 0; i < Math.Max(expected.Count, run.Output.Count); i++)
        {
            var want = i < expected.Count ? expected[i] : "(nothing)";
            var got = i < run.Output.Count ? run.Output[i] : "(nothing)";
            text.Append(Environment.NewLine).Append(want == got ? "  " : "! ").Append($"line {i + 1}: expected \"{want}\", printed \"{got}\"");
        }

        return text.ToString();
    }

    private static string Printed(SampleRun run) =>
        $"stdout:{Environment.NewLine}{string.Join(Environment.NewLine, run.Output)}{Environment.NewLine}stderr:{Environment.NewLine}{run.Error}";

    /// <summary>Copies a folder's files, leaving out build output (<c>bin/</c>, <c>obj/</c>) of the sample projects.</summary>
    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(dir) is not ("bin" or "obj"))
            {
                CopyFolder(dir, Path.Combine(to, Path.GetFileName(dir)));
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
