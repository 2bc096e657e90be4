; NSIS script of the 政策自评助手 / Policy Self-Check installer (docs/WINDOWS.md).
;
;   installers/build.sh dist/PolicySelfCheck [OUT.exe]
;
; which runs makensis with the defines below (makensis 3.x, on Windows or Linux):
;   BUNDLE_DIR       the PyInstaller folder (dist/PolicySelfCheck), installed as it is
;   VERSION          the project's version (pyproject.toml)
;   OUTFILE          the installer to write
;   UNINSTALL_LIST   an include file, written by build.sh, that deletes exactly the
;                    bundle's top-level files and folders from $INSTDIR
;   COMPRESSOR       lzma (default, the release) or zlib (quicker to build, larger)
;
; A per-user install that needs no administrator rights: the programs go to
; %LOCALAPPDATA%\Programs\政策自评助手 (or the folder the user picks), the shortcuts to
; the user's Start menu (and desktop, if ticked), the .pscase and .pspack file types and
; the Add/Remove Programs entry to HKCU. Installing again (a newer version) reads the
; previous folder from the uninstall entry, removes the old programs with the old
; uninstaller and installs into the same folder under the same entry.
;
; The user's own data (autosave, recent files, case library, policy packs, trusted keys)
; lives in %LOCALAPPDATA%\PolicySelfCheck\PolicySelfCheck (platformdirs' user data
; folder, desktop_app/paths.py): nothing here installs or deletes anything there.
;
; Silent install for help desks: Setup.exe /S [/DESKTOP] [/D=C:\other\folder]
; Silent uninstall: "%LOCALAPPDATA%\Programs\政策自评助手\uninstall.exe" /S

Unicode true
Target amd64-unicode
ManifestDPIAware true
!ifndef COMPRESSOR
  !define COMPRESSOR lzma  ; the release; build.sh lets a test pick the quicker zlib
!endif
SetCompressor /SOLID ${COMPRESSOR}
RequestExecutionLevel user

!ifndef BUNDLE_DIR
  !error "BUNDLE_DIR is not defined: use installers/build.sh BUNDLE_DIR"
!endif
!ifndef UNINSTALL_LIST
  !error "UNINSTALL_LIST is not defined: use installers/build.sh BUNDLE_DIR"
!endif
!ifndef VERSION
  !error "VERSION is not defined: use installers/build.sh BUNDLE_DIR"
!endif
!ifndef OUTFILE
  !define OUTFILE "PolicySelfCheck-Setup-${VERSION}.exe"
!endif
!ifndef ICON
  !define ICON "..\resources\icons\policy-selfcheck.ico"
!endif

!define APP_NAME "政策自评助手"
!define APP_EXE "PolicySelfCheck.exe"
!define PUBLISHER "PolicySelfCheck"
; The uninstall entry's key identifies the product for upgrades: never change it.
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\PolicySelfCheck"
!define CLASSES "Software\Classes"
!define CASE_PROGID "PolicySelfCheck.Case"
!define PACK_PROGID "PolicySelfCheck.Pack"
!define UNINSTALLER "uninstall.exe"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include Sections.nsh

Name "${APP_NAME}"
Caption "$(SetupCaption)"
UninstallCaption "$(UninstallCaption)"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
; An upgrade proposes the folder of the installed version.
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
ShowInstDetails nevershow
ShowUninstDetails nevershow
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} 安装程序 / Policy Self-Check Setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

;--------------------------------
; Pages

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
; The language dialog remembers its choice; the uninstaller speaks the same language.
!define MUI_LANGDLL_ALWAYSSHOW
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${UNINST_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_WINDOWTITLE "安装语言 / Installer Language"
!define MUI_LANGDLL_INFO "请选择安装程序的语言。$\r$\nPlease select the installer's language."
!define MUI_COMPONENTSPAGE_NODESC
; The side picture of the welcome and finish pages (164x314, 24-bit BMP): the app's icon.
!ifndef WELCOME_BITMAP
  !define WELCOME_BITMAP "welcome.bmp"
!endif
!define MUI_WELCOMEFINISHPAGE_BITMAP "${WELCOME_BITMAP}"
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UnConfirmText)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default when Windows speaks neither.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SetupCaption ${LANG_SIMPCHINESE} "${APP_NAME} ${VERSION} 安装"
LangString SetupCaption ${LANG_ENGLISH} "${APP_NAME} (Policy Self-Check) ${VERSION} Setup"
LangString UninstallCaption ${LANG_SIMPCHINESE} "${APP_NAME} 卸载"
LangString UninstallCaption ${LANG_ENGLISH} "${APP_NAME} (Policy Self-Check) Uninstall"
LangString WelcomeText ${LANG_SIMPCHINESE} "本向导将在这台电脑上安装 ${APP_NAME} ${VERSION}。$\r$\n$\r$\n只为当前用户安装，不需要管理员权限。已保存的案例、政策包和设置都不受影响，以后卸载本程序也会保留它们。$\r$\n$\r$\n点击“下一步”继续。"
LangString WelcomeText ${LANG_ENGLISH} "This wizard installs ${APP_NAME} (Policy Self-Check) ${VERSION} on this computer.$\r$\n$\r$\nIt installs for you only and needs no administrator rights. Saved cases, policy packs and settings are left as they are, and uninstalling the program keeps them too.$\r$\n$\r$\nClick Next to continue."
LangString UnConfirmText ${LANG_SIMPCHINESE} "将从本机卸载 ${APP_NAME}。已保存的案例、政策包和设置会保留，重新安装后仍可使用。点击“卸载”开始。"
LangString UnConfirmText ${LANG_ENGLISH} "${APP_NAME} will be removed from this computer. Saved cases, policy packs and settings are kept, for use after a reinstall. Click Uninstall to start."
LangString SecProgram ${LANG_SIMPCHINESE} "${APP_NAME}（程序与开始菜单快捷方式）"
LangString SecProgram ${LANG_ENGLISH} "${APP_NAME} (program and Start-menu shortcuts)"
LangString SecDesktop ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecAssoc ${LANG_SIMPCHINESE} "用本程序打开案例文件（.pscase）和政策包（.pspack）"
LangString SecAssoc ${LANG_ENGLISH} "Open case files (.pscase) and policy packs (.pspack) with it"
LangString UninstallLink ${LANG_SIMPCHINESE} "卸载 ${APP_NAME}"
LangString UninstallLink ${LANG_ENGLISH} "Uninstall ${APP_NAME}"
LangString CaseType ${LANG_SIMPCHINESE} "政策自评案例"
LangString CaseType ${LANG_ENGLISH} "Policy self-check case"
LangString PackType ${LANG_SIMPCHINESE} "政策包"
LangString PackType ${LANG_ENGLISH} "Policy pack"
LangString OldUninstallFailed ${LANG_SIMPCHINESE} "无法移除旧版本（$0）。请先在“设置 → 应用”中卸载它，再运行本安装程序。"
LangString OldUninstallFailed ${LANG_ENGLISH} "The earlier version ($0) could not be removed. Uninstall it in Settings > Apps first, then run this installer again."

;--------------------------------
; Install

!macro FileType EXT PROGID DESCRIPTION
  WriteRegStr HKCU "${CLASSES}\${EXT}" "" "${PROGID}"
  WriteRegStr HKCU "${CLASSES}\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "${CLASSES}\${PROGID}" "" "${DESCRIPTION}"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
!macroend

!macro UnFileType EXT PROGID
  DeleteRegKey HKCU "${CLASSES}\${PROGID}"
  DeleteRegValue HKCU "${CLASSES}\${EXT}\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXT}\OpenWithProgids"
  ; The extension's default is ours only if no other program has taken it since.
  ReadRegStr $0 HKCU "${CLASSES}\${EXT}" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue HKCU "${CLASSES}\${EXT}" ""
  ${EndIf}
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXT}"
!macroend

Section "$(SecProgram)" SecProgram
  SectionIn RO
  Call RemovePreviousVersion
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  ; Shortcuts start in Documents, where the user's case files usually are.
  SetOutPath "$DOCUMENTS"
  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\$(UninstallLink).lnk" "$INSTDIR\${UNINSTALLER}"

  ; Add/Remove Programs (Settings > Apps), for this user only.
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegStr HKCU "${UNINST_KEY}" "InstallerLanguage" "$LANGUAGE"
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section /o "$(SecDesktop)" SecDesktop
  SetOutPath "$DOCUMENTS"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

; The wizard opens a case file given as its argument; a policy pack likewise (the
; wizard's pack dialog). The files are JSON and signed archives whatever Windows thinks.
Section "$(SecAssoc)" SecAssoc
  !insertmacro FileType ".pscase" "${CASE_PROGID}" "$(CaseType)"
  !insertmacro FileType ".pspack" "${PACK_PROGID}" "$(PackType)"
  ; SHCNE_ASSOCCHANGED: Explorer shows the new icons without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

; An earlier version, wherever it is: its own uninstaller removes its programs,
; shortcuts and entry (never the user's data), so that no stale library of the old
; bundle stays beside the new one and the entry is written once.
Function RemovePreviousVersion
  ReadRegStr $0 HKCU "${UNINST_KEY}" "InstallLocation"
  ${If} $0 == ""
  ${OrIfNot} ${FileExists} "$0\${UNINSTALLER}"
    Return
  ${EndIf}
  ; _?= runs the old uninstaller in place and makes ExecWait wait for it.
  ExecWait '"$0\${UNINSTALLER}" /S _?=$0' $1
  ${If} $1 != 0
    MessageBox MB_ICONSTOP|MB_OK "$(OldUninstallFailed)" /SD IDOK
    Abort
  ${EndIf}
  Delete "$0\${UNINSTALLER}"
  RMDir "$0"
FunctionEnd

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
  ; An upgrade keeps the choices of the installed version: its desktop shortcut and its
  ; file types (the old uninstaller removes both before this version puts them back).
  ReadRegStr $0 HKCU "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
    ${If} ${FileExists} "$DESKTOP\${APP_NAME}.lnk"
      !insertmacro SelectSection ${SecDesktop}
    ${EndIf}
    ReadRegStr $1 HKCU "${CLASSES}\${CASE_PROGID}" ""
    ${If} $1 == ""
      !insertmacro UnselectSection ${SecAssoc}
    ${EndIf}
  ${EndIf}
  ; /DESKTOP on the command line ticks the desktop shortcut (for silent installs).
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DESKTOP" $1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecDesktop}
  ${EndIf}
FunctionEnd

;--------------------------------
; Uninstall: exactly what the installer put in place. The user's data folder
; (%LOCALAPPDATA%\PolicySelfCheck) and any file the user added to $INSTDIR stay.

Section "Uninstall"
  !include "${UNINSTALL_LIST}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\卸载 ${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\Uninstall ${APP_NAME}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  !insertmacro UnFileType ".pscase" "${CASE_PROGID}"
  !insertmacro UnFileType ".pspack" "${PACK_PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd
