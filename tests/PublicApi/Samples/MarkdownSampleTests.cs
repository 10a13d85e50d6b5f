namespace FluentAI.Plugins.PublicApi.Tests.Samples;

/// <summary>
/// Every <c>```csharp</c> block of README.md and docs/*.md is a true program: read from the markdown
/// at test time (there is no copy here), compiled with Roslyn as a console program against the
/// framework and FluentAI.Plugins.Loader, run, and its output compared. The markdown's conventions:
/// <list type="bullet">
/// <item><b>Expected output.</b> A statement <c>Console.WriteLine(...); // text</c> expects the line
/// <c>text</c> (the comment after <c>// </c>, exactly). A block with such comments must print exactly
/// those lines, in order, and nothing else on stdout; one without them must run without an exception.
/// Notes for the reader go in comments on other lines.</item>
/// <item><b>Fragments.</b> A block whose first line starts with <c>// fragment</c> is compiled as the
/// body of <c>async Task Fragment(PluginHost host)</c> (its <c>using</c> directives stay on top), so it
/// may use a <c>host</c>; it is not run. Prefer whole programs: they prove more.</item>
/// <item><b>Files.</b> A block runs with the current directory set to a fresh folder holding a copy of
/// the repository's <c>plugins/</c> folder, so <c>plugins/hello</c> is there to load and edit; a block
/// needing other files writes them itself.</item>
/// </list>
/// Compile warnings fail a sample as errors do, as in the repository's own build.
/// </summary>
public sealed class MarkdownSampleTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var sample in MarkdownSample.All(Repository.Root))
        {
            data.Add(sample.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void TheSampleCompilesRunsAndPrintsWhatItsCommentsSay(string sample)
    {
        var block = MarkdownSample.All(Repository.Root).Single(s => s.Name == sample);
        var failure = SampleCheck.Failure(block, Repository.Root);
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void TheReadmeAndTheDevModeGuideHaveRunnableSamplesWithExpectedOutput()
    {
        var samples = MarkdownSample.All(Repository.Root);
        Assert.Contains(samples, s => s.File == "README.md" && !s.IsFragment && s.ExpectedOutput.Count > 0);
        Assert.Contains(samples, s => s.File == "docs/dev-mode.md" && !s.IsFragment && s.ExpectedOutput.Count > 0);
    }

    [Fact]
    public void TheExtractorTakesOnlyCSharpBlocksAndNamesThemByTheLineOfTheirFence()
    {
        const string Markdown = "# Title\n```sh\nls\n```\n\n```csharp\nvar a = 1;\n```\ntext\n  ```cs\n  var b = 2;\n    var c = 3;\n  ```\n```lisp\n(+ 1 2)\n```\n";

        var samples = MarkdownSample.Extract("docs/x.md", Markdown).ToList();

        Assert.Equal(["docs/x.md:6", "docs/x.md:10"], samples.Select(s => s.Name));
        Assert.Equal("var a = 1;", samples[0].Code);
        Assert.Equal("var b = 2;\n  var c = 3;", samples[1].Code);
        Assert.Throws<InvalidDataException>(() => MarkdownSample.Extract("docs/x.md", "```csharp\nvar a = 1;\n").ToList());
    }

    [Fact]
    public void ExpectedOutputIsTheTrailingCommentOfEachConsoleWriteLineStatementInOrder()
    {
        var sample = new MarkdownSample("docs/x.md", 1, """
            var greeting = "hi";                        // not output: a note
            Console.WriteLine(greeting);                // hi
            Console.WriteLine();
            Action later = () => Console.WriteLine(1);  // not output: inside a lambda
            Console.WriteLine("a // b");                //   two spaces, then  a // b
            """);

        Assert.Equal(["hi", "  two spaces, then  a // b"], sample.ExpectedOutput);
    }

    [Fact]
    public void ACompileErrorNamesTheMarkdownFileAndLineWithRoslynsMessage()
    {
        var sample = new MarkdownSample("docs/x.md", 10, "using FluentAI.Plugins.Loader;\n\nvar result = default(ReloadResult)!;\nConsole.WriteLine(result.Unloads);");

        var failure = SampleCheck.Failure(sample, Repository.Root);

        Assert.NotNull(failure);
        Assert.StartsWith("docs/x.md:10: the sample does not compile:", failure, StringComparison.Ordinal);
        Assert.Contains("docs/x.md(14,26): error CS1061: 'ReloadResult' does not contain a definition for 'Unloads'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AWarningFailsTheSampleLikeAnError()
    {
        var sample = new MarkdownSample("docs/x.md", 1, "string? s = null;\nConsole.WriteLine(s.Length);");

        Assert.Contains("docs/x.md(3,19): warning CS8602", SampleCheck.Failure(sample, Repository.Root), StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutputOtherThanTheCommentsSayFailsNamingTheLine()
    {
        var sample = new MarkdownSample("docs/x.md", 1, "Console.WriteLine(\"one\"); // one\nConsole.WriteLine(\"two\"); // 2\nConsole.WriteLine(\"three\");");

        var failure = SampleCheck.Failure(sample, Repository.Root);

        Assert.NotNull(failure);
        Assert.Contains("  line 1: expected \"one\", printed \"one\"", failure, StringComparison.Ordinal);
        Assert.Contains("! line 2: expected \"2\", printed \"two\"", failure, StringComparison.Ordinal);
        Assert.Contains("! line 3: expected \"(nothing)\", printed \"three\"", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExceptionFailsTheSampleWithTheMarkdownLineInItsStackTrace()
    {
        var sample = new MarkdownSample("docs/x.md", 1, "Console.WriteLine(\"before\");\nthrow new InvalidOperationException(\"the sample broke\");");

        var failure = SampleCheck.Failure(sample, Repository.Root);

        Assert.NotNull(failure);
        Assert.StartsWith("docs/x.md:1: the sample threw InvalidOperationException: the sample broke", failure, StringComparison.Ordinal);
        Assert.Contains("docs/x.md:line 3", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AFragmentCompilesWithAHostInScopeAndIsNotRun()
    {
        var fragment = new MarkdownSample("docs/x.md", 1, "// fragment: a host's event handler\nusing FluentAI.Plugins.Loader;\n\nhost.Events += (_, e) => Console.WriteLine(e.Event);\nthrow new InvalidOperationException(\"not run\");");
        Assert.True(fragment.IsFragment);
        Assert.Null(SampleCheck.Failure(fragment, Repository.Root));

        var broken = fragment with { Code = "// fragment\nusing FluentAI.Plugins.Loader;\n\nhost.Nope();" };
        Assert.Contains("docs/x.md(5,6): error CS1061", SampleCheck.Failure(broken, Repository.Root), StringComparison.Ordinal);
    }

    [Fact]
    public void ASampleRunsInACopyOfThePluginsFolderAndLeavesTheDirectoryAndConsoleAsTheyWere()
    {
        var directory = Environment.CurrentDirectory;
        var stdout = Console.Out;
        var greeter = Path.Combine(Repository.Root, "plugins", "hello", "greeter.ai");
        var original = File.ReadAllText(greeter);
        var sample = new MarkdownSample("docs/x.md", 1, """
            Console.WriteLine(File.Exists("plugins/hello/main.ai"));  // True
            File.WriteAllText("plugins/hello/greeter.ai", "(define x 1)");
            Console.WriteLine(File.ReadAllText("plugins/hello/greeter.ai")); // (define x 1)
            """);

        Assert.Null(SampleCheck.Failure(sample, Repository.Root));

        Assert.Equal(original, File.ReadAllText(greeter));
        Assert.Equal(directory, Environment.CurrentDirectory);
        Assert.Same(stdout, Console.Out);
    }
}
