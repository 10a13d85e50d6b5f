namespace FluentAI.Plugins.Orleans.Tests;

/// <summary>Waits on a condition with a bounded deadline, checking it every few milliseconds (never a fixed sleep).</summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; last: {value}");
            await Task.Delay(10);
        }
    }

    public static Task Until(Func<bool> done, string what, double seconds = 20) =>
        Until(() => Task.FromResult(done()), d => d, what, seconds);
}
