using QRCoder;

namespace RealName.Host.Sessions;

/// <summary>Draws the scan URL as an SVG QR code (error correction M).</summary>
public static class QrSvg
{
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(6);
    }
}
