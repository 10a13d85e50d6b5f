namespace ReloadingHost;

/// <summary>What the host needs from the handler module: <c>HandleRequest</c> maps to <c>(handle-request path)</c>.</summary>
public interface IRequestHandler
{
    /// <summary>Handles one request path.</summary>
    string HandleRequest(string path);
}
