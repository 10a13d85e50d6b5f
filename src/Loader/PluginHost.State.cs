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

    /// <summary>Writes <see cref="SnapshotState"/> to <paramref name="path"/> atomically (write, then rename).</summary>
    public void SaveState(string path)
    {
        lock (_gate)
        {
            _persistence.Save(path);
        }
    }

    /// <summary>
    /// Restores state cells from a snapshot, before their modules load: a module that then declares a
    /// newer <c>:version</c> migrates the restored value as a reload would.
    /// </summary>
    public void RestoreState(string json)
    {
        lock (_gate)
        {
            _persistence.Restore(json);
        }
    }

    /// <summary>Restores state from a file written by <see cref="SaveState"/>, when it exists.</summary>
    public void LoadState(string path)
    {
        if (File.Exists(path))
        {
            RestoreState(File.ReadAllText(path));
        }
    }
}
