namespace RealName.Cli.Connection;

/// <summary>
/// The node's admin listener as the operator names it, like pbm: <c>127.0.0.1:9110</c>,
/// <c>localhost:9110</c> or a full <c>http://host:port</c> URL.
/// </summary>
internal static class NodeEndpoint
{
    public const int DefaultPort = 9110;

    public static bool TryParse(string text, out Uri uri)
    {
        uri = null!;
        if (string.IsNullOrWhiteSpace(text) || text.StartsWith('-'))
            return false;
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")
            || parsed.AbsolutePath != "/" || !string.IsNullOrEmpty(parsed.Query))
            return false;
        var port = parsed.IsDefaultPort && !text.Contains(":" + parsed.Port, StringComparison.Ordinal) ? DefaultPort : parsed.Port;
        uri = new UriBuilder(parsed.Scheme, parsed.Host, port).Uri;
        return true;
    }
}
