using FluentAI.Plugins.Loader.State;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>Every state cell as JSON: module (relative to the host folder), name, version and value.</summary>
    public string SnapshotState()
    {
        lock (_gate)
        {
            return _persistence.Snapshot();
        }
    }

    /// <summary>
    /// Writes <see cref="SnapshotState"/> to <paramref name="path"/> durably and atomically: to <c>PATH.tmp</c>,
    /// flushed to the disk, then renamed over <paramref name="path"/>, so the file is never half written.
    /// </summary>
    /// <exception cref="IOException">The file could not be written; <paramref name="path"/> is unchanged.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder may not be written; <paramref name="path"/> is unchanged.</exception>
    public void SaveState(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_stateWriter is not null && Path.GetFullPath(path) == Path.GetFullPath(Options.StateFile!))
        {
            // The state file has one writer, which never puts an older snapshot over a newer one.
            _stateWriter.SaveNow();
            return;
        }

        lock (_gate)
        {
            _persistence.Save(path);
        }
    }

    /// <summary>
    /// Restores state cells from a snapshot, before their modules load: a module that then declares a
    /// newer <c>:version</c> migrates the restored value as a reload would. The whole snapshot is read
    /// and checked first: one that is not valid state restores nothing.
    /// </summary>
    /// <exception cref="FluentAIException">FAI4008: <paramref name="json"/> is not valid state (the message says what and where); nothing was restored.</exception>
    public void RestoreState(string json) => Restore(json, "<state>");

    /// <summary>Restores state from a file written by <see cref="SaveState"/>, when it exists (see <see cref="RestoreState"/>).</summary>
    /// <exception cref="FluentAIException">FAI4008, located in <paramref name="path"/>: the file is not valid state (not JSON, truncated, a missing property); nothing was restored.</exception>
    public void LoadState(string path)
    {
        if (File.Exists(path))
        {
            Restore(File.ReadAllText(path), Path.GetFullPath(path));
        }
    }

    private void Restore(string json, string source)
    {
        var cells = StateDocument.Read(json, source, FullPath);
        lock (_gate)
        {
            _persistence.Apply(cells);
        }
    }

    /// <summary>The cells of <see cref="PluginHostOptions.StateFile"/> (none when it does not exist yet), after removing the temporary file of a write a crash interrupted.</summary>
    private List<StateDocument.Cell> ReadStateFile(string path)
    {
        DurableFile.RemoveLeftover(path);
        return File.Exists(path) ? StateDocument.Read(File.ReadAllText(path), path, FullPath) : [];
    }
}
