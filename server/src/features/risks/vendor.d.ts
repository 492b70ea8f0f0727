/** Minimal typings of the two untyped CommonJS packages used for PDFs and QR codes (only what is called here). */
declare module "pdfmake" {
  interface PdfOutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  interface PdfMakeServer {
    virtualfs: { writeFileSync(name: string, content: Buffer): void; existsSync(name: string): boolean };
    setFonts(fonts: Record<string, Record<string, string | [string, string]>>): void;
    setUrlAccessPolicy(cb: (url: string) => boolean): void;
    setLocalAccessPolicy(cb: (path: string) => boolean): void;
    createPdf(doc: Record<string, unknown>, options?: Record<string, unknown>): PdfOutputDocument;
  }
  const pdfmake: PdfMakeServer;
  export default pdfmake;
}

declare module "qrcode" {
  interface QrOptions {
    type?: "svg" | "terminal" | "utf8";
    errorCorrectionLevel?: "L" | "M" | "Q" | "H";
    margin?: number;
    width?: number;
  }
  const QRCode: {
    toDataURL(text: string, opts?: QrOptions): Promise<string>;
    toString(text: string, opts?: QrOptions): Promise<string>;
  };
  export default QRCode;
}
