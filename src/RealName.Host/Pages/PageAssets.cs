using System.Collections.Frozen;
using System.Reflection;

namespace RealName.Host.Pages;

/// <summary>
/// The pages' static files, embedded in the assembly (no CDN, no build step, nothing to deploy
/// beside the binary). Every page answer carries a strict Content-Security-Policy: only this
/// origin's scripts, styles, images and calls.
/// </summary>
public static class PageAssets
{
    private const string Prefix = "pages/";

    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> Files = Load();

    public static IResult Serve(string name, HttpResponse response)
    {
        if (!Files.TryGetValue(name, out var file))
            return TypedResults.NotFound();
        WriteSecurityHeaders(response);
        response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(file.Bytes, file.ContentType);
    }

    public static void WriteSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        // The page's own URL never carries the link token (it is redeemed and redirected away), but keep every referrer out anyway.
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[Prefix.Length..]] = (copy.ToArray(), ContentTypeOf(resource));
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
