; Inno Setup script of 政策自评助手 / Policy Self-Check (docs/WINDOWS.md).
;
;   pyinstaller build.spec                                  -> dist\PolicySelfCheck\
;   iscc /DAppVersion=0.1.0 installers\policy-selfcheck.iss -> dist\installer\PolicySelfCheck-Setup-0.1.0.exe
;
; A per-user install that needs no administrator rights: the programs go to
; %LOCALAPPDATA%\Programs\PolicySelfCheck, shortcuts to the user's Start menu (and
; desktop, if asked), the .pscase association to HKCU\Software\Classes.
; The user's own data (saved cases, autosave) lives in
; %LOCALAPPDATA%\PolicySelfCheck\PolicySelfCheck (platformdirs); this script never
; installs or deletes anything there, so uninstalling keeps the saved cases.
;
; Languages: English and Simplified Chinese. ChineseSimplified.isl ships with
; Inno Setup 6.5 and later (compiler:Languages\ChineseSimplified.isl); older
; versions lack it: put the translation from https://jrsoftware.org/files/istrans/
; into the compiler's Languages\Unofficial folder, or pass its path with
; /DChineseIsl=C:\path\ChineseSimplified.isl.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\dist\PolicySelfCheck"
#endif
#ifndef ChineseIsl
  #if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
    #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
  #else
    #define ChineseIsl "compiler:Languages\Unofficial\ChineseSimplified.isl"
  #endif
#endif
#define AppExe "PolicySelfCheck.exe"
#define ProgId "PolicySelfCheck.Case"

[Setup]
; The AppId identifies the product for upgrades and uninstall: never change it.
AppId={{6D1C52F4-3B7E-4C8A-9E21-5A0F7B9C2D43}
AppName={cm:AppName}
AppVersion={#AppVersion}
AppVerName={cm:AppName} {#AppVersion}
AppPublisher=PolicySelfCheck
DefaultDirName={autopf}\PolicySelfCheck
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
SetupIconFile=..\resources\icons\policy-selfcheck.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={cm:AppName}
OutputDir=..\dist\installer
OutputBaseFilename=PolicySelfCheck-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.AppName=政策自评助手
english.AppName=Policy Self-Check
chinesesimplified.CaseFileType=政策自评案例
english.CaseFileType=Policy self-check case
chinesesimplified.AssocGroup=文件关联：
english.AssocGroup=File association:

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "{cm:AssocFileExtension,{cm:AppName},.pscase}"; GroupDescription: "{cm:AssocGroup}"

[Files]
; The whole PyInstaller folder: both programs and _internal\ (Qt, Python, resources).
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle's libraries wholesale (stale ones could shadow new ones).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{cm:AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{cm:AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; The case file type, for this user only. The app reads JSON whatever the suffix.
Root: HKCU; Subkey: "Software\Classes\.pscase"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\.pscase\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:CaseFileType}"; Flags: uninsdeletekey; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pscase"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{cm:AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] on purpose: the uninstaller removes only what it installed,
; never %LOCALAPPDATA%\PolicySelfCheck (the user's saved cases).
