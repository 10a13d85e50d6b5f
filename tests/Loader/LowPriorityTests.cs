using FluentAI.Plugins.Loader.DevMode;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>Dev mode's head-start compiles run on threads that give way to the application's.</summary>
public sealed class LowPriorityTests
{
    [Fact]
    public void AThreadOfItsOwnIsLoweredAndTheCallerIsNot()
    {
        var before = LowPriority.CurrentNice();
        int? inside = null;
        ThreadPriority priority = default;
        var thread = LowPriority.Start("test", () =>
        {
            inside = LowPriority.CurrentNice();
            priority = Thread.CurrentThread.Priority;
        });
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));

        Assert.Equal(ThreadPriority.BelowNormal, priority);
        Assert.Equal(before, LowPriority.CurrentNice());
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Math.Max(before!.Value, LowPriority.Nice), inside);
        }
    }
}
