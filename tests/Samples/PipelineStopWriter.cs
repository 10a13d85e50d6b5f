using System.Text;

namespace FluentAI.Plugins.Samples.Tests;

/// <summary>A progress log that stops the run at its first line, as Ctrl-C does in the sample.</summary>
internal sealed class PipelineStopWriter(CancellationTokenSource stop) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void WriteLine(string? value) => stop.Cancel();
}
